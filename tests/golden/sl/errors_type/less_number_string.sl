/* "<" is only defined for Numbers. */
function main() {
  println(1 < 2);
  println(1 < "2");
}
