/* Division involving big numbers truncates toward zero for all sign combinations. */
function main() {
  p = 100000000000000000000;
  n = 0 - p;
  println(p / 7);
  println(n / 7);
  println(p / (0 - 7));
  println(n / (0 - 7));
  println(p / 30000000000000000000);
  println(n / 30000000000000000000);
  println(7 / p);
  println((0 - 7) / p);
  println(p / p);
  println(12193263113696860222381402 / 1234567890123);
}
