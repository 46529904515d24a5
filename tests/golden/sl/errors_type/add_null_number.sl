/* "+" with NULL and a Number fails; NULL renders as NULL. */
function nothing() {
}

function main() {
  println(1 + 2);
  return nothing() + 1;
}
