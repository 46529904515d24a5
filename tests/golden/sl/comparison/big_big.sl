/* All six comparisons between two big numbers. */
function cmp(a, b) {
  println((a < b) + " " + (a <= b) + " " + (a > b) + " " + (a >= b) + " " + (a == b) + " " + (a != b));
}

function main() {
  a = 123456789012345678901234567890;
  b = 123456789012345678901234567891;
  cmp(a, b);
  cmp(b, a);
  cmp(a, b - 1);
  cmp(0 - a, 0 - b);
  cmp(0 - a, b);
  cmp(a * a, a * b);
}
