/* registerShutdownHook with no argument: NULL is not a function. */
function main() {
  println("registering");
  registerShutdownHook();
}
