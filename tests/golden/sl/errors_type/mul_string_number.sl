/* "*" is not defined for a String operand. */
function main() {
  s = "ab";
  println(s * 3);
}
