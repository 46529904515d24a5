/* Checks that + overflowing 64 bits yields exact big results, and sums of big numbers. */
function main() {
  max = 9223372036854775807;
  println(max);
  println(max + 1);
  println(1 + max);
  println(max + max);
  println(max + 1 + 1);
  a = 5000000000000000000;
  println(a + a);
  println(a + a + a + a);
}
