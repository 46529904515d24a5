/* A redefinition may change the number of parameters: missing arguments become NULL, extra ones are ignored. */
function f(a) {
  return "one parameter: " + a;
}

function main() {
  println(f(1, 2));
  defineFunction("function f(a, b, c) { return a + b + c; }");
  println(f("x", "y"));
  println(f(1, 2, 3));
  defineFunction("function f() { return 0; }");
  println(f(1, 2, 3));
}
