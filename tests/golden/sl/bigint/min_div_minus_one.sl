/* The one overflowing division: smallest 64-bit value / -1 is the big 9223372036854775808. */
function main() {
  min = 0 - 9223372036854775807 - 1;
  println(min / (0 - 1));
  println(min / 1);
  println(min / 2);
  println(min / (0 - 2));
  println(min / min);
  println(min / (0 - 1) - 1);
}
