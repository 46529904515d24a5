/* Locals not assigned yet are omitted; each stacktrace shows the state at the time of the call. */
function main() {
  println(stacktrace());
  x = 1;
  println(stacktrace());
  s = stacktrace();
  y = 2;
  z = 3;
  println(s);
  println(stacktrace());
}
