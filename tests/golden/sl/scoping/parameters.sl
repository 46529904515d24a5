/* Parameters are locals of the function's outermost scope: nested blocks read and write them. */
function f(a, b) {
  if (a < b) {
    a = b;
    while (b < 10) {
      b = b + 5;
    }
  }
  return a + " " + b;
}

function inc(n) {
  n = n + 1;
  return n;
}

function main() {
  println(f(1, 2));
  println(f(5, 3));
  k = 41;
  println(inc(k));
  println(k);
}
