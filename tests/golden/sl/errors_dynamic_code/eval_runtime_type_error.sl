/* A type error inside code run by eval names the source (eval) with the position inside the code string. */
function main() {
  println(eval("sl", "function main() { return 1 < 2; }"));
  eval("sl", "function main() { if (1 < 2) { x = 1 + 2 < 3 + (1 == 1); } }");
}
