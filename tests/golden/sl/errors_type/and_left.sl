/* The left operand of && must be a Boolean; the error is located at it. */
function main() {
  println(1 && (1 < 2));
}
