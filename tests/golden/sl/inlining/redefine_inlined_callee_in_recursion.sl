/* A recursive function inlines `step`; deep in one recursion `step` is redefined. The
   activations already running, and the recursive calls that enter the same compiled code
   afterwards, all call the new definition from then on. */
function step(x) { return x + 1; }

function down(n, redefineAt) {
  if (n == 0) { return 0; }
  if (n == redefineAt) {
    defineFunction("function step(x) { return x + 1000; }");
  }
  before = step(0);
  rest = down(n - 1, redefineAt);
  return before + rest + step(0);
}

function main() {
  i = 0;
  while (i < 200) { down(20, 0 - 1); i = i + 1; }
  println(down(20, 0 - 1));
  println(down(20, 10));
  println(down(20, 0 - 1));
}
