/* defineFunction code may define main: it replaces the function main but is not run; the running main continues. */
function main() {
  println("original main running");
  defineFunction("function main() { return 7; } function side() { return main() + 1; }");
  println("original main continues");
  println(side());
  println(main());
  return "original main's result";
}
