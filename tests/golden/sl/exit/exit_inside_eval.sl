/* exit called by code run through eval ends the whole program with the given status, running the hooks. */
function hook() {
  println("hook");
}

function main() {
  registerShutdownHook(hook);
  println("before eval");
  eval("sl", "function main() { println(1); exit(5); println(2); }");
  println("not reached");
}
