/* A type object as a while condition: toBoolean error rendering the type object Boolean. */
function main() {
  c = typeOf(1 < 2);
  println(c);
  while (c) {
  }
}
