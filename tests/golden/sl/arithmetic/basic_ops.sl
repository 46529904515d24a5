/* Checks + - * / on small numbers and that results print in decimal. */
function main() {
  println(1 + 2);
  println(10 - 4);
  println(6 * 7);
  println(84 / 2);
  println(0 + 0);
  println(5 - 5);
  println(0 * 12345);
  println(0 / 9);
  println(123456 + 654321);
}
