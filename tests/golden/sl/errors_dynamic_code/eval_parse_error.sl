/* A syntax error in eval's code is reported in the parse-error format, positions relative to the code string. */
function main() {
  println(eval("sl", "function main() { return 1; }"));
  eval("sl", "function main() { x = -1; }");
}
