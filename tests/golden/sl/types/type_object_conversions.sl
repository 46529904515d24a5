/* Type objects: display string is the name (println, main result), string conversion in + is [foreign object]. */
function main() {
  t = typeOf("s");
  println(t);
  println("type: " + t);
  println(t + "!");
  s = "" + typeOf(1) + " " + typeOf(new());
  println(s);
  o = new();
  o.type = typeOf(o);
  println(o.type);
  println(isExecutable(t));
  println(hasSize(t));
  println(isNull(t));
  println(wrapPrimitive(t));
  return typeOf(1 < 2);
}
