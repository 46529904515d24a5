/* Nested loops mixing all four operators; multiplication table sums. */
function main() {
  total = 0;
  i = 1;
  while (i <= 12) {
    j = 1;
    while (j <= 12) {
      total = total + i * j - (i + j) / 2;
      j = j + 1;
    }
    i = i + 1;
  }
  println(total);
}
