/* Checks precedence of * / over + -, parentheses and left-associativity. */
function main() {
  println(1 + 2 * 3);
  println((1 + 2) * 3);
  println(2 * 3 + 4 * 5);
  println(10 - 2 * 3);
  println(10 - 4 - 3);
  println(10 - (4 - 3));
  println(100 / 10 / 5);
  println(100 / (10 / 5));
  println(20 / 4 * 2);
  println(20 / (4 * 2));
  println(1 - 2 + 3);
  println(1 - (2 + 3));
  println(7 + 8 / 2 - 3 * 2);
  println(((((42)))));
}
