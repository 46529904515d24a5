/* helloEqualsWorld() sets the caller's local hello to "world" and returns "world"; stacktrace shows the change. */
function main() {
  i = 1;
  hello = 123;
  println(stacktrace());
  r = helloEqualsWorld();
  println(hello);
  println(r);
  println(stacktrace());
  hello = hello + "!";
  println(hello);
}
