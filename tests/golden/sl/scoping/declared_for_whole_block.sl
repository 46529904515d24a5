/* A name assigned anywhere in a block is that block's local for the whole block, even before the assignment textually. */
function main() {
  if (1 < 2) {
    x = "set in nested block";
  }
  println(x);
  x = "set in main block";
  println(x);
}
