/* Locals of nested blocks keep their value after the block ends; sibling blocks declaring the same name have separate slots. */
function main() {
  i = 0;
  while (i < 2) {
    if (i == 0) {
      t = "then";
    } else {
      t = "else";
    }
    i = i + 1;
  }
  if (i == 2) {
    done = 1 < 2;
  }
  println(stacktrace());
}
