/* Calls inlined into compiled code keep their own frames for stack walks: every activation
   shows its function and its slots, innermost first. */
function leaf(a) {
  b = a + 1;
  return stacktrace();
}

function middle(x) {
  y = x * 2;
  return leaf(y);
}

function run(n) {
  i = 0;
  while (i < n) {
    if (i == n - 1) {
      println(middle(i));
    } else {
      middle(i);
    }
    i = i + 1;
  }
}

function main() {
  run(3);
  run(50);
}
