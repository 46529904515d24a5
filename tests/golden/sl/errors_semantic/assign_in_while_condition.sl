/* An invalid assignment target inside a while condition. */
function g(n) {
}

function main() {
  while (g(2) = g) {
  }
}
