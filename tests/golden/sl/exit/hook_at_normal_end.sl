/* Shutdown hooks also run when main returns normally (here main returns NULL, so no result line). */
function bye() {
  println("shutdown hook");
}

function main() {
  registerShutdownHook(bye);
  println("main done");
}
