/* "/" with NULL as right operand fails. */
function nothing() {
}

function main() {
  println(10 / 2);
  println(10 / nothing());
}
