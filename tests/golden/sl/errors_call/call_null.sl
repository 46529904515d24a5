/* Calling NULL: Undefined function: NULL. */
function nothing() {
}

function main() {
  n = nothing();
  println(n);
  n();
}
