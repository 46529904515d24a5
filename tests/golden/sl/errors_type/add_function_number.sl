/* "+" with a function value and a Number fails; functions render as Function NAME. */
function f() {
  return 1;
}

function main() {
  y = f + 1;
}
