/* Results of big-number operations that fit 64 bits again behave like ordinary small numbers. */
function main() {
  a = 9223372036854775807 + 10;
  b = a - 20;
  println(b);
  println(b + 1);
  c = 12193263113696860222381401 / 9876543210987;
  println(c);
  println(c - 1234567890123);
  println(c * 2);
  d = 18446744073709551616 / 4294967296;
  println(d);
  println(d / 2);
  println(d == 4294967296);
  e = 100000000000000000000 - 99999999999999999999;
  println(e);
  println(e + e);
}
