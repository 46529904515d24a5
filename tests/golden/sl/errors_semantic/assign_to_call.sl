/* Assigning to a call result is a semantic error located at the first token of the right-hand side. */
function g(n) {
  return n;
}

function main() {
  println("never printed");
  g(2) = 4;
}
