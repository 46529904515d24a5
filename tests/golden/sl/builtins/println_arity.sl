/* println() with no argument prints NULL (missing argument); extra arguments are evaluated but not printed. */
function main() {
  println();
  println(println());
  println(1, 2, 3);
  println("a", println("b"));
}
