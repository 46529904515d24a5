/* Redefinition in the middle of a running loop: later iterations of the same call site see the new code at once. */
function g(i) {
  return 1;
}

function main() {
  total = 0;
  i = 0;
  while (i < 2000) {
    total = total + g(i);
    if (i == 999) {
      defineFunction("function g(i) { return 1000; }");
    }
    i = i + 1;
  }
  println(total);
}
