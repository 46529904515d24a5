/* An object used as a map from computed keys to counts. */
function main() {
  counts = new();
  d = 0;
  while (d < 10) {
    counts["d" + d] = 0;
    d = d + 1;
  }
  n = 1;
  while (n <= 300) {
    x = n;
    steps = 0;
    while (x != 1) {
      if (x / 2 * 2 == x) {
        x = x / 2;
      } else {
        x = 3 * x + 1;
      }
      steps = steps + 1;
    }
    digit = steps - steps / 10 * 10;
    key = "d" + digit;
    counts[key] = counts[key] + 1;
    n = n + 1;
  }
  d = 0;
  total = 0;
  while (d < 10) {
    println(d + ": " + counts["d" + d]);
    total = total + counts["d" + d];
    d = d + 1;
  }
  println(total);
}
