/* Ordering two objects is a type error listing both. */
function main() {
  a = new();
  b = new();
  println(a == b);
  println(a < b);
}
