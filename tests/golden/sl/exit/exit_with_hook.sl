/* A registered shutdown hook runs when exit(n) is called, after the program's output; the status is still n. */
function hook() {
  println("hook runs");
}

function main() {
  println(registerShutdownHook(hook));
  println("main body");
  exit(7);
  println("not reached");
}
