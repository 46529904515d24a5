/*
 * Recursive Fibonacci. main computes fib(n) for n = 0..25 and prints each result;
 * the many recursive calls make fib hot enough to be compiled.
 */
function fib(n) {
  if (n < 2) {
    return n;
  }
  return fib(n - 1) + fib(n - 2);
}

function main() {
  n = 0;
  while (n <= 25) {
    println("fib(" + n + ") = " + fib(n));
    n = n + 1;
  }
  return fib(25);
}
