/* An undefined function called several frames deep ends the whole run; no main result is printed. */
function a(n) {
  println("a " + n);
  return b(n + 1);
}

function b(n) {
  println("b " + n);
  if (n > 2) {
    return c(n);
  }
  return a(n);
}

function main() {
  return a(0);
}
