/* A function value as right operand of || fails, after the left operand's side effects. */
function no() {
  println("left evaluated");
  return 1 > 2;
}

function main() {
  if (no() || no) {
    println("not reached");
  }
}
