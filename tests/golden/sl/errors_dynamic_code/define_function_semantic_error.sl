/* A semantic error (break outside a loop) in defineFunction's code is reported like a parse error. */
function main() {
  defineFunction("function ok() { return 1; }");
  println(ok());
  defineFunction("function f() { break; }");
}
