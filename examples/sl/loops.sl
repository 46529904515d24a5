/*
 * Nested counting loops with arithmetic, about 4 million inner iterations in total,
 * all inside main: only on-stack replacement can compile this code while it runs.
 */
function main() {
  sum = 0;
  count = 0;
  i = 0;
  while (i < 2000) {
    j = 0;
    while (j < 2000) {
      sum = sum + i * j - (i + j) / 3;
      if (j - j / 7 * 7 == 0) {
        count = count + 1;
      }
      j = j + 1;
    }
    i = i + 1;
  }
  println("count: " + count);
  println("sum: " + sum);
  k = 0;
  acc = 1;
  while (k < 1000000) {
    acc = acc * 3;
    if (acc > 1000000007) {
      acc = acc - acc / 1000000007 * 1000000007;
    }
    k = k + 1;
  }
  println("acc: " + acc);
  return sum + count;
}
