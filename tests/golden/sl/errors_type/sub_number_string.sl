/* "-" with a String operand is a type error located at the left operand; prior output stays. */
function main() {
  println("before");
  x = 3 - "4";
  println("not reached");
}
