/* Emulates a remainder with a - a / b * b; with truncating division it takes the sign of a. */
function rem(a, b) {
  return a - a / b * b;
}

function gcd(a, b) {
  while (b != 0) {
    t = rem(a, b);
    a = b;
    b = t;
  }
  return a;
}

function main() {
  println(rem(7, 3));
  println(rem(0 - 7, 3));
  println(rem(7, 0 - 3));
  println(rem(0 - 7, 0 - 3));
  println(rem(9, 3));
  println(gcd(1071, 462));
  println(gcd(17, 5));
  println(gcd(123456, 7890));
}
