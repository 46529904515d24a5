/* A function called 1000 times in a loop is redefined; the same loop and call site then run the new code. */
function f(x) {
  return x + 1;
}

function sumCalls(n) {
  s = 0;
  i = 0;
  while (i < n) {
    s = s + f(i);
    i = i + 1;
  }
  return s;
}

function main() {
  println(sumCalls(1000));
  defineFunction("function f(x) { return x * 2; }");
  println(sumCalls(1000));
  defineFunction("function f(x) { return 0 - x; }");
  println(sumCalls(1000));
  println(f(5));
}
