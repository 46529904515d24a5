/* typeOf of a type object is the NULL value, which isInstance rejects: Type error ... for NULL, String "x". */
function main() {
  t = typeOf(typeOf(1));
  println(t);
  isInstance(t, "x");
}
