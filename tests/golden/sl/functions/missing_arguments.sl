/* Missing arguments are NULL inside the callee. */
function three(a, b, c) {
  println(a + " " + b + " " + c);
  return c;
}

function main() {
  three(1, 2, 3);
  three(1, 2);
  three(1);
  three();
  println(three("x") == three());
}
