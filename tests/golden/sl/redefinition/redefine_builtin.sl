/* defineFunction can replace a builtin; references to the builtin taken earlier then run the user code. */
function main() {
  n = isNull;
  println(n(1));
  println(isNull(nothing()));
  defineFunction("function isNull(x) { return 42; }");
  println(n(1));
  println(isNull(nothing()));
  t = typeOf;
  defineFunction("function typeOf(x) { return x + 1; }");
  println(t(1));
  println(typeOf(2));
}

function nothing() {
}
