/* helloEqualsWorld called from a hot loop (compiled on stack): the caller's hello, unassigned before the loop, is set and read back in the loop; other locals keep their values. */
function main() {
  i = 0;
  n = 0;
  while (i < 3000) {
    if (i == 2500) {
      helloEqualsWorld();
      n = n + 1;
      println(hello + " " + i);
    }
    if (i == 2999) {
      println(stacktrace());
    }
    i = i + 1;
  }
  println(hello);
  hello = "end";
  println(stacktrace());
}
