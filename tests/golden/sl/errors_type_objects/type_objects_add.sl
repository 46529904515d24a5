/* + with two type objects (no String value involved) is a type error: operation "+" not defined for Number, String. */
function main() {
  println("" + typeOf(1) + typeOf("s"));
  x = typeOf(1) + typeOf("s");
}
