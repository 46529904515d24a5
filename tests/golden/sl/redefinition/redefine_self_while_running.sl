/* A function redefining itself finishes its current activation with its old code; the next call runs the new code. */
function f(n) {
  println("old f, step 1");
  defineFunction("function f(n) { return n * 100; }");
  println("old f, step 2");
  return n;
}

function main() {
  println(f(1));
  println(f(2));
  println(f(3));
}
