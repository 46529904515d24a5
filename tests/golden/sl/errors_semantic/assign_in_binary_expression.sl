/* An invalid assignment target inside a binary expression. */
function f() {
  return 1;
}

function main() {
  x = 1 + f() = 3;
}
