/* helloEqualsWorld through a variable in a loop: each call resets the caller's hello. */
function main() {
  h = helloEqualsWorld;
  hello = 0;
  i = 0;
  while (i < 3) {
    hello = i;
    println(hello);
    h();
    println(hello);
    i = i + 1;
  }
  println(stacktrace());
}
