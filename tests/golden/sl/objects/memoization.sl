/* An object as a memo table keyed by numbers: Fibonacci numbers up to the big-integer range. */
function fib(n, memo) {
  if (n < 2) {
    return n;
  }
  if (memo.known[n] == n) {
    return memo[n];
  }
  r = fib(n - 1, memo) + fib(n - 2, memo);
  memo[n] = r;
  memo.known[n] = n;
  memo.calls = memo.calls + 1;
  return r;
}

function newMemo() {
  m = new();
  m.known = new();
  i = 0;
  while (i <= 150) {
    m.known[i] = 0 - 1;
    i = i + 1;
  }
  m.calls = 0;
  return m;
}

function main() {
  memo = newMemo();
  println(fib(50, memo));
  println(memo.calls);
  println(fib(90, memo));
  println(fib(92, memo));
  println(fib(93, memo));
  println(fib(150, memo));
  println(memo.calls);
  println(memo[100]);
  println(memo["100"] == memo[100]);
}
