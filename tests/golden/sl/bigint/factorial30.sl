/* Recursive and iterative factorial crossing into big integers; prints 20!, 21! and 30!. */
function fact(n) {
  if (n <= 1) {
    return 1;
  }
  return n * fact(n - 1);
}

function factIter(n) {
  r = 1;
  i = 2;
  while (i <= n) {
    r = r * i;
    i = i + 1;
  }
  return r;
}

function main() {
  println(fact(20));
  println(fact(21));
  println(factIter(30));
  println(fact(30) == factIter(30));
  return fact(30) / fact(28);
}
