/*
 * Big-integer factorial: 50! and 100! (far beyond 64 bits), computed both recursively
 * and with a loop, plus the number of decimal digits of 100!.
 */
function fact(n) {
  if (n <= 1) {
    return 1;
  }
  return n * fact(n - 1);
}

function factLoop(n) {
  r = 1;
  while (n > 1) {
    r = r * n;
    n = n - 1;
  }
  return r;
}

function digits(x) {
  d = 1;
  while (x >= 10) {
    x = x / 10;
    d = d + 1;
  }
  return d;
}

function main() {
  println("50! = " + fact(50));
  println("100! = " + fact(100));
  println(fact(100) == factLoop(100));
  println("100! has " + digits(factLoop(100)) + " digits");
  return fact(100) / fact(98);
}
