/* A call as left operand: the error position is the start of the callee name. */
function two(a, b) {
  return a + b;
}

function main() {
  println(two(1, 1));
  println(two(1, 2) - two("a", "b"));
}
