/*
 * Counts the primes below 100000 by trial division (odd divisors up to the square root),
 * printing a few milestones on the way. There is no % operator: n - n / d * d is the remainder.
 */
function isPrime(n) {
  if (n < 2) {
    return 1 > 2;
  }
  if (n < 4) {
    return 1 < 2;
  }
  if (n - n / 2 * 2 == 0) {
    return 1 > 2;
  }
  d = 3;
  while (d * d <= n) {
    if (n - n / d * d == 0) {
      return 1 > 2;
    }
    d = d + 2;
  }
  return 1 < 2;
}

function main() {
  count = 0;
  n = 0;
  last = 0;
  while (n < 100000) {
    if (isPrime(n)) {
      count = count + 1;
      last = n;
    }
    n = n + 1;
    if (n == 10 || n == 100 || n == 1000 || n == 10000) {
      println("primes below " + n + ": " + count);
    }
  }
  println("largest prime below 100000: " + last);
  return count;
}
