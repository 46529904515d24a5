/* A user function named exit replaces the builtin: the program does not terminate early and ends with status 0. */
function exit(n) {
  println("pretending to exit with " + n);
  return n;
}

function main() {
  exit(3);
  println("still running");
  return exit(4) + 1;
}
