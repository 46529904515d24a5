/* Big Numbers render like small ones in type errors. */
function main() {
  big = 9223372036854775807 + 1;
  println(big);
  println(big - "x");
}
