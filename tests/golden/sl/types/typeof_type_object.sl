/* typeOf of a type object is the NULL value (not the type object NULL); isNull tells them apart. */
function nothing() {
}

function main() {
  t = typeOf(typeOf(1));
  println(t);
  println(isNull(t));
  n = typeOf(nothing());
  println(n);
  println(isNull(n));
  println(typeOf(typeOf(typeOf(new()))));
  println(isNull(typeOf(typeOf(nothing()))));
}
