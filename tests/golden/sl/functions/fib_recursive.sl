/* Recursive Fibonacci: fib(0..10) and fib(20), hot enough to be compiled. */
function fib(n) {
  if (n < 2) {
    return n;
  }
  return fib(n - 1) + fib(n - 2);
}

function main() {
  s = "";
  i = 0;
  while (i <= 10) {
    s = s + fib(i) + " ";
    i = i + 1;
  }
  println(s);
  return fib(20);
}
