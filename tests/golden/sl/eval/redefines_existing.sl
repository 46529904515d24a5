/* eval redefines existing functions: callers that already ran the old code 1000 times now run the new code. */
function f(x) {
  return 1;
}

function loop() {
  s = 0;
  i = 0;
  while (i < 1000) {
    s = s + f(i);
    i = i + 1;
  }
  return s;
}

function main() {
  g = f;
  println(loop());
  eval("sl", "function f(x) { return x; }");
  println(loop());
  println(g(77));
  println(eval("sl", "function main() { return f(5); } function f(x) { return 0 - x; }"));
  println(loop());
}
