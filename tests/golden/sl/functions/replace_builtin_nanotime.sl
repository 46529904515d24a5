/* A user function named like a builtin replaces the builtin (here nanoTime). */
function nanoTime() {
  return 42;
}

function main() {
  println(nanoTime());
  t = nanoTime;
  println(t() + 1);
}
