/* A failing operator inside parentheses is located at its own left operand. */
function main() {
  r = 1 + (2 * "x");
}
