/* In a chain o.a.b.c the failing read is the missing one: here b, on the object held by o.a. */
function main() {
  o = new();
  o.a = new();
  o.a.c = 1;
  println(o.a.c);
  println(o.a.b.c);
}
