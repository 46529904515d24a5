/* The right operand of || is an object: toBoolean error located at the left operand's parenthesis. */
function main() {
  o = new();
  x = (1 > 2) || o;
}
