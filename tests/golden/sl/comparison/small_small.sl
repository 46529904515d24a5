/* All six comparisons on small numbers: less, equal and greater pairs. */
function cmp(a, b) {
  println(a + " vs " + b + ": " + (a < b) + " " + (a <= b) + " " + (a > b) + " " + (a >= b) + " " + (a == b) + " " + (a != b));
}

function main() {
  cmp(1, 2);
  cmp(2, 2);
  cmp(3, 2);
  cmp(0 - 5, 0 - 4);
  cmp(0 - 4, 0 - 5);
  cmp(0, 0 - 1);
}
