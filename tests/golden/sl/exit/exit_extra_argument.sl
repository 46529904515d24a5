/* exit ignores extra arguments; a wrapped Number works as the status. */
function main() {
  println("bye");
  exit(wrapPrimitive(9), 1);
}
