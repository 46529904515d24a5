/* debugger; is a statement that does nothing, wherever it appears. */
function main() {
  debugger;
  x = 1;
  while (x < 3) {
    debugger;
    x = x + 1;
  }
  if (x == 3) {
    debugger;
  }
  println(x);
  debugger;
}
