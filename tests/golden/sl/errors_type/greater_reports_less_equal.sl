/* ">" is computed as not "<=", so its type error names the operation "<="; operands stay in source order. */
function main() {
  x = 5;
  println(x > 4);
  println(x > "s");
}
