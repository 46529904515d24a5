/* new() creates objects; println shows an object's display string Object; main may return an object (printed as Object). */
function main() {
  println(new());
  o = new();
  println(o);
  r = println(o);
  println(r == o);
  println(new() == new());
  return o;
}
