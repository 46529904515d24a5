/* With two main functions the later one is the one that runs. */
function main() {
  println("first main");
}

function main() {
  println("second main");
  return 2;
}
