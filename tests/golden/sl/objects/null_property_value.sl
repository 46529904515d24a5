/* A property may hold NULL: reading it returns NULL without error; it can be overwritten both ways. */
function nothing() {
}

function main() {
  o = new();
  o.n = nothing();
  println(o.n);
  println(isNull(o.n));
  println(o.n == nothing());
  println("value: " + o.n);
  o.n = 5;
  println(o.n);
  o.n = nothing();
  println(o.n);
  println(typeOf(o.n));
}
