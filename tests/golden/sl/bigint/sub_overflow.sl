/* Checks that - overflowing below the smallest 64-bit value yields exact big negatives. */
function main() {
  min = 0 - 9223372036854775807 - 1;
  println(min);
  println(min - 1);
  println(min - 9223372036854775807);
  println(min + min);
  println(0 - min);
  println(1 - min);
  println(9223372036854775807 - min);
}
