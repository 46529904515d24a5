/* main is called with zero arguments: its parameters are NULL. */
function main(a, b) {
  println(a);
  println(b == a);
  return a;
}
