/* Functions with more parameters than compiled code passes in registers, and with a few,
   called with too few and too many arguments, recursively and in hot loops. */
function sum8(a, b, c, d, e, f, g, h) {
  if (isNull(h)) { h = 100; }
  if (a <= 0) { return b + c + d + e + f + g + h; }
  return sum8(a - 1, b + 1, c, d, e, f, g, h);
}

function pair(a, b) {
  if (isNull(b)) { return a; }
  return a + b;
}

function countdown(n, acc) {
  if (n == 0) { return acc; }
  return countdown(n - 1, acc + pair(n) + pair(n, 1, 2));
}

function main() {
  i = 0;
  total = 0;
  while (i < 2000) {
    total = total + sum8(3, i, 1, 1, 1, 1, 1, 1) + sum8(2, 0, 0, 0, 0, 0, 0) + sum8(1, 1, 1, 1, 1, 1, 1, 1, 99);
    i = i + 1;
  }
  println(total);
  println(countdown(10, 0));
  println(countdown(3000, 0));
}
