/* Checks that * overflowing 64 bits is exact, including the 26-digit products and sign rules. */
function main() {
  println(3000000000 * 4000000000);
  println(4294967296 * 4294967296);
  println(1234567890123 * 9876543210987);
  println((0 - 1234567890123) * 9876543210987);
  println((0 - 1234567890123) * (0 - 9876543210987));
  println(3037000499 * 3037000499);
  println(3037000500 * 3037000500);
  println(9223372036854775807 * (0 - 1));
  println((0 - 9223372036854775807 - 1) * (0 - 1));
  println((0 - 9223372036854775807 - 1) * 2);
}
