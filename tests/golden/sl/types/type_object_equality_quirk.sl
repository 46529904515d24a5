/* Quirk: a type object is never == to anything, not even to itself; != is always true. */
function main() {
  t = typeOf(1);
  u = typeOf(2);
  println(t == t);
  println(t != t);
  println(t == u);
  println(typeOf(1) == typeOf(1));
  println(typeOf("a") != typeOf("b"));
  println(t == 1);
  println(t == "Number");
  n = typeOf(typeOf);
  println(n == n);
  println(typeOf(1) == typeOf(new()));
}
