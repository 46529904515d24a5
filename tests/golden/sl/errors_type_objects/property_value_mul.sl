/* An object read from a property used in *: the error is located at the start of the left operand o.inner. */
function main() {
  o = new();
  o.inner = new();
  o.n = 3;
  println(o.n * 2);
  println(o.inner * 2);
}
