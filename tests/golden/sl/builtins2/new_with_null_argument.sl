/* new() with no argument or with a NULL argument creates a fresh empty object each time. */
function nothing() {
}

function main() {
  a = new();
  b = new(nothing());
  b.x = 1;
  println(b.x);
  println(a == b);
  o = new();
  o.n = nothing();
  c = new(o.n);
  println(typeOf(c));
  println(c == o);
  c.x = 2;
  println(b.x + c.x);
}
