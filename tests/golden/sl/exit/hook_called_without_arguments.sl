/* A hook is called with no arguments: its parameters are NULL. */
function hook(a, b) {
  println("hook a=" + a + " b=" + b);
}

function main() {
  registerShutdownHook(hook);
  exit(2);
}
