/* Collatz step counts for 1..30 and the longest chain below 1000 (a hot loop). */
function steps(n) {
  s = 0;
  while (n != 1) {
    if (n / 2 * 2 == n) {
      n = n / 2;
    } else {
      n = 3 * n + 1;
    }
    s = s + 1;
  }
  return s;
}

function main() {
  out = "";
  i = 1;
  while (i <= 30) {
    out = out + steps(i) + " ";
    i = i + 1;
  }
  println(out);
  best = 0;
  bestN = 0;
  i = 1;
  while (i < 1000) {
    s = steps(i);
    if (s > best) {
      best = s;
      bestN = i;
    }
    i = i + 1;
  }
  println(bestN + " takes " + best + " steps");
}
