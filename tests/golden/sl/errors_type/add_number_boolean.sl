/* "+" without a String operand is defined only for Numbers: Number + Boolean fails. */
function main() {
  println(1 + (1 < 2));
}
