/* typeOf returns a type object for each kind of value; a type object prints as its name. */
function nothing() {
}

function main() {
  println(typeOf(42));
  println(typeOf(0 - 7));
  println(typeOf(123456789012345678901234567890));
  println(typeOf("text"));
  println(typeOf(""));
  println(typeOf(1 < 2));
  println(typeOf(1 > 2));
  println(typeOf(nothing()));
  println(typeOf(nothing));
  println(typeOf(println));
  println(typeOf(neverDefined));
  println(typeOf(true));
  println(typeOf(new()));
  return typeOf(main);
}
