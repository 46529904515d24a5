/* Concatenating NULL (a function without return value) with strings gives the text NULL. */
function nothing() {
}

function main() {
  println("value: " + nothing());
  println(nothing() + " first");
  println("" + nothing() + nothing());
  n = nothing();
  println("[" + n + "]");
}
