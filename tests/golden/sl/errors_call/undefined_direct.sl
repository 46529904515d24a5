/* Calling a function that is not defined anywhere ends the run with Undefined function (no location). */
function main() {
  println("before");
  foo();
  println("after");
}
