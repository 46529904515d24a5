/* Iterative Fibonacci up to fib(100), crossing the 64-bit limit around fib(93). */
function fib(n) {
  a = 0;
  b = 1;
  i = 0;
  while (i < n) {
    t = a + b;
    a = b;
    b = t;
    i = i + 1;
  }
  return a;
}

function main() {
  println(fib(10));
  println(fib(92));
  println(fib(93));
  println(fib(100));
  println(fib(100) - fib(99) - fib(98));
}
