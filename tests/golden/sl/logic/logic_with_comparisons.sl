/* Comparisons bind tighter than && and ||; logic results drive if and while. */
function inRange(x, lo, hi) {
  return lo <= x && x <= hi;
}

function main() {
  println(inRange(5, 1, 10));
  println(inRange(0, 1, 10));
  println(inRange(11, 1, 10));
  println(1 < 2 && 3 > 4 || 5 == 5);
  println(1 + 1 == 2 && 2 * 2 == 4);
  i = 0;
  count = 0;
  while (i < 20 && count < 5) {
    if (i / 3 * 3 == i || i == 7) {
      count = count + 1;
    }
    i = i + 1;
  }
  println(i + " " + count);
  ok = inRange(3, 1, 5) && inRange(4, 1, 5);
  return ok;
}
