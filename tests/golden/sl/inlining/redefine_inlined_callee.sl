/* A call inlined into a running loop sees its function redefined at once. */
function step(x) { return x + 1; }

function run(n) {
  i = 0;
  sum = 0;
  while (i < n) {
    if (i == 500) {
      defineFunction("function step(x) { return x + 1000; }");
    }
    sum = sum + step(i);
    i = i + 1;
  }
  return sum;
}

function main() {
  println(run(100));
  println(run(1000));
  println(step(1));
}
