/* Calling a Number: Undefined function followed by the number in decimal. */
function main() {
  x = 3;
  println(x);
  x();
}
