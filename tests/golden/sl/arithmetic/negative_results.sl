/* Checks subtraction producing negatives and products/sums with negative operands. */
function main() {
  println(0 - 5);
  println(3 - 10);
  println((0 - 3) * (0 - 4));
  println((0 - 3) * 4);
  println(3 * (0 - 4));
  println((0 - 3) + (0 - 4));
  println((0 - 3) - (0 - 4));
  println(0 - (0 - 8));
  n = 0 - 1;
  println(n * n * n);
}
