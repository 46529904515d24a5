/* The left operand of || must be a Boolean. */
function nothing() {
}

function main() {
  x = nothing() || (1 < 2);
}
