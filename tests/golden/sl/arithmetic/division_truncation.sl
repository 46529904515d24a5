/* Checks that / truncates toward zero, with negative operands built as 0 - n. */
function main() {
  println(7 / 2);
  println((0 - 7) / 2);
  println(7 / (0 - 2));
  println((0 - 7) / (0 - 2));
  println(1 / 3);
  println((0 - 1) / 3);
  println(6 / 3);
  println((0 - 6) / 3);
  println(99 / 10);
  println((0 - 99) / 10);
  println(0 / (0 - 5));
  println(5 / 5);
  println(4 / 5);
}
