/* exit with a String: builtin type error "exit" (status 1, not 3). */
function main() {
  println("exiting");
  exit("3");
}
