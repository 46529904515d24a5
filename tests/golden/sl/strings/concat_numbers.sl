/* String concatenation with numbers on either side and left-associativity of +. */
function main() {
  println(1 + "2");
  println("1" + 2);
  println("a" + 1 + 2);
  println(1 + 2 + "a");
  println("a" + (1 + 2));
  println(1 + (2 + "a"));
  println("" + 0);
  println("n=" + (0 - 42));
  println("x" + 3 * 4);
  println("ab" + "cd" + "");
  println("" + "");
}
