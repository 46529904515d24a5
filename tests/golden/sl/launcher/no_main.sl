/* A file without main runs nothing: stdout stays empty (the launcher's message goes to stderr), exit status 1. */
function helper() {
  println("never printed");
}

function notMain() {
  helper();
}
