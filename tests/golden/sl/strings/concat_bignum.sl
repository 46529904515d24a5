/* Concatenating big numbers with strings prints all digits. */
function main() {
  println("big " + 99999999999999999999 * 10);
  println(9223372036854775807 + 1 + " is 2^63");
  println("" + (0 - 9223372036854775807 - 2));
  println("" + 9223372036854775807 + 1);
}
