/* true is not a literal: it is a function value, so using it as a condition fails. */
function main() {
  if (true) {
    println("not reached");
  }
}
