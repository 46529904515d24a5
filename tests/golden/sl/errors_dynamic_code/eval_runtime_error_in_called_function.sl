/* A function defined by eval and called later by the program still reports (eval) as its source. */
function main() {
  eval("sl", "function bad(x) { return 10 * x; }");
  println(bad(4));
  println(bad("4"));
}
