/* The location is the first character of the whole condition expression. */
function main() {
  if ("a" + "b") {
  }
}
