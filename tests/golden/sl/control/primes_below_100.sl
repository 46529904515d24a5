/* Primes below 100 by trial division with nested loops; prints them on one line and the count. */
function isPrime(n) {
  if (n < 2) {
    return 1 > 2;
  }
  d = 2;
  while (d * d <= n) {
    if (n / d * d == n) {
      return 1 > 2;
    }
    d = d + 1;
  }
  return 1 < 2;
}

function main() {
  line = "";
  count = 0;
  n = 0;
  while (n < 100) {
    if (isPrime(n)) {
      if (count > 0) {
        line = line + " ";
      }
      line = line + n;
      count = count + 1;
    }
    n = n + 1;
  }
  println(line);
  return count;
}
