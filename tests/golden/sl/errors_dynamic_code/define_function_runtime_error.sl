/* A type error inside code created by defineFunction names the source [defineFunction] with the position inside the code string. */
function main() {
  defineFunction("function sub(a, b) { return a - b; }");
  println(sub(5, 3));
  println(sub(5, "3"));
}
