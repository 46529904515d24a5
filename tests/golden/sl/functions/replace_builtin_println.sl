/* Replacing println: the user function runs instead and prints nothing; the launcher still prints main's result. */
function println(x) {
  return "replaced(" + x + ")";
}

function main() {
  println("this is not printed");
  return println("hi");
}
