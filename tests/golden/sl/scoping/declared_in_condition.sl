/* Assignments inside if/while conditions declare the variable in the enclosing block. */
function main() {
  if ((y = 7) > 3) {
    println(y);
  }
  println(y);
  i = 0;
  total = 0;
  while ((i = i + 1) <= 5) {
    total = total + i;
  }
  println(total);
  println(i);
}
