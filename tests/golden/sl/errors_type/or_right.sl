/* The right operand of || must be a Boolean when evaluated: (1 > 2) || 7 fails at the "(". */
function main() {
  println((1 < 2) || 7);
  println((1 > 2) || 7);
}
