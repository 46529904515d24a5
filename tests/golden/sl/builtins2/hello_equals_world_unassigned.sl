/* helloEqualsWorld() sets the caller's local hello even before the local was ever assigned. */
function main() {
  a = "first";
  println(stacktrace());
  helloEqualsWorld();
  println(stacktrace());
  println(hello);
  b = "last";
  hello = "assigned later";
  println(stacktrace());
}
