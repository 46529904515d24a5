/* Boolean + Boolean fails; a parenthesised left operand locates the error at its "(". */
function main() {
  a = 1 < 2;
  println(a + "!");
  println((1 < 2) + (2 < 1));
}
