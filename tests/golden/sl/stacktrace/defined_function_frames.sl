/* Functions created by defineFunction appear in stack traces like any other function. */
function main() {
  defineFunction("function dyn(a) { b = a + 1; return callBack(b); }");
  println(dyn(1));
}

function callBack(c) {
  return stacktrace();
}
