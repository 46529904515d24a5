/* exit(n) ends the program at once with status n: nothing after it runs and main's result is not printed. */
function main() {
  println("before exit");
  exit(3);
  println("not reached");
  return "not printed";
}
