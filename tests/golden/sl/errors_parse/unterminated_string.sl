/* A string literal cannot contain a line break: the error text shows it as \n. */
function main() {
  x = "abc
  ";
}
