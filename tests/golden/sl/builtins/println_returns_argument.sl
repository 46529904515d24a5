/* println returns its argument, so calls can be nested and used in expressions. */
function main() {
  x = println(5);
  println(x + 1);
  println(println("inner") + " outer");
  y = println(1 < 2);
  println(y == (1 < 2));
  return println("last");
}
