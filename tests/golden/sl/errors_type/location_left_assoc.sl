/* In a + b - c a failure of "-" is located at the start of a (operators are left-associative). */
function main() {
  println(1 + 2 - 3);
  println(1 + 2 - "x");
}
