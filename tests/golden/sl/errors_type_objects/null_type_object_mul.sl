/* The type object NULL in a type error renders as NULL. */
function nothing() {
}

function main() {
  t = typeOf(nothing());
  println(isNull(t));
  y = 6 * 7 + t * 2;
}
