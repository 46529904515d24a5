/* Nested counting loops (about 250000 inner iterations) returning a checksum from main. */
function main() {
  count = 0;
  sum = 0;
  i = 0;
  while (i < 500) {
    j = 0;
    while (j < 500) {
      if (j > i) {
        break;
      }
      count = count + 1;
      sum = sum + i * j;
      j = j + 1;
    }
    i = i + 1;
  }
  println(count);
  return sum;
}
