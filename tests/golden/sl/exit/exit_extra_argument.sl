/* exit ignores extra arguments: exit(9, 1) ends with status 9. */
function main() {
  println("bye");
  exit(9, 1);
}
