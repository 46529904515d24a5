/* Arguments of a call to an undefined function are evaluated before the call fails. */
function main() {
  nope(println("argument 1"), println("argument 2"));
}
