/* Builtins pad missing arguments with NULL and ignore extra ones (which are still evaluated). */
function nothing() {
}

function noisy(x) {
  println("evaluated " + x);
  return x;
}

function main() {
  println(typeOf());
  println(isNull());
  println(isExecutable());
  println(hasSize());
  println(wrapPrimitive());
  println(isInstance(typeOf(1)));
  println(isInstance(typeOf(nothing())));
  println(new(nothing(), 5));
  println(typeOf(1, "x"));
  println(isNull(nothing(), 1));
  println(inNativeImage(1, 2, 3));
  println(import("a", 5));
  println(typeOf(noisy(1), noisy("two"), noisy(3)));
  println(isInstance(typeOf(""), "s", noisy("extra")));
  println(helloEqualsWorld(noisy(4)));
  println(defineFunction("function extra() { return 9; }", noisy(5)));
  println(extra());
  println(eval("sl", "function main() { return 10; }", noisy(6)));
  println(registerShutdownHook(nothing, noisy(7)));
}
