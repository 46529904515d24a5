/* An assignment in a nested block to a variable of an enclosing block writes that variable. */
function main() {
  x = 1;
  if (1 < 2) {
    x = 2;
    if (1 < 2) {
      x = x + 10;
    }
  }
  println(x);
  count = 0;
  i = 0;
  while (i < 5) {
    if (i > 1) {
      count = count + i;
    }
    i = i + 1;
  }
  println(count);
}
