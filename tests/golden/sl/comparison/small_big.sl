/* All six comparisons between small and big numbers in both orders, including negatives. */
function cmp(a, b) {
  println((a < b) + " " + (a <= b) + " " + (a > b) + " " + (a >= b) + " " + (a == b) + " " + (a != b));
}

function main() {
  big = 9223372036854775808;
  cmp(1, big);
  cmp(big, 1);
  cmp(9223372036854775807, big);
  cmp(big, 9223372036854775807);
  cmp(0 - big, 0 - 9223372036854775807);
  cmp(0 - 9223372036854775807 - 1, 0 - big);
  cmp(0 - big - 1, 0);
  cmp(big - 1, 9223372036854775807);
}
