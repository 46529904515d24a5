/* stacktrace in a loop reflects the current values at each iteration. */
function step(k) {
  println(stacktrace());
}

function main() {
  n = 0;
  while (n < 3) {
    sq = n * n;
    step(sq);
    n = n + 1;
  }
}
