/* The hook is a function value: redefining the function after registration makes exit run the new code. */
function hook() {
  println("old hook");
}

function newHookText() {
  return "new hook";
}

function main() {
  registerShutdownHook(hook);
  defineFunction("function hook() { println(newHookText()); }");
  exit(4);
}
