/* A syntax error in defineFunction's code is reported in the parse-error format, positions relative to the code string. */
function main() {
  println("before");
  defineFunction("function f() { return -1; }");
  println("not reached");
}
