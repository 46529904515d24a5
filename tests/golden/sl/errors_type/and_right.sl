/* The right operand of && must be a Boolean when it is evaluated; located at the && expression's left operand. */
function main() {
  println((1 > 2) && "skipped");
  println((1 < 2) && "x");
}
