/* nanoTime returns a Number from a monotonic clock; only deterministic properties are printed. */
function main() {
  t1 = nanoTime();
  t2 = nanoTime();
  println(t2 >= t1);
  println(t1 - t1);
  println(t1 == t1);
  i = 0;
  while (i < 1000) {
    i = i + 1;
  }
  t3 = nanoTime();
  println(t3 >= t2);
  println(nanoTime() - nanoTime() <= 0);
}
