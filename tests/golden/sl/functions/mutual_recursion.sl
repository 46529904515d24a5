/* Mutually recursive functions, including one defined after its first use. */
function isEven(n) {
  if (n == 0) {
    return 0 == 0;
  }
  return isOdd(n - 1);
}

function main() {
  println(isEven(10));
  println(isEven(7));
  println(isOdd(7));
  println(isOdd(100));
}

function isOdd(n) {
  if (n == 0) {
    return 0 != 0;
  }
  return isEven(n - 1);
}
