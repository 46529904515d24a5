/* eval with no arguments: both are NULL. */
function main() {
  println("calling eval");
  eval();
}
