/* A hot loop: sums 1..10000 and returns the sum from main (printed by the launcher). */
function main() {
  i = 1;
  sum = 0;
  while (i <= 10000) {
    sum = sum + i;
    i = i + 1;
  }
  return sum;
}
