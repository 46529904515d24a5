/* A variable assigned only inside a nested block is not visible after it: the name reads as a function value. */
function main() {
  if (1 < 2) {
    t = 5;
    println(t);
  }
  println(t);
  i = 0;
  while (i < 1) {
    inner = "loop local";
    i = i + 1;
  }
  println(inner);
  println(t == t);
}
