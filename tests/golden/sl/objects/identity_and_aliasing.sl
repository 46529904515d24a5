/* Objects have identity: aliases share one object, mutations are visible through every reference; == compares identity. */
function main() {
  o = new();
  o.v = 3;
  p = o;
  p.v = p.v + 1;
  println(o.v);
  println(o == p);
  println(o != p);
  q = new();
  q.v = 4;
  println(o == q);
  println(o != q);
  println(o.v == q.v);
  println(o == o);
  println(o == 4);
  println(o == "Object");
  println(o == nothing());
  println(nothing() == o);
  println(o == main);
  o.self = o;
  println(o.self == p);
  println(o.self.self.self.v);
}

function nothing() {
}
