/* A builtin can be a hook: println registered as a hook is called with no argument and prints NULL. */
function main() {
  registerShutdownHook(println);
  println("end of main");
}
