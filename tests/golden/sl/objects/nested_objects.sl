/* Nested objects: o.a.b = v writes into the object held by o.a; mixed . and [] chains. */
function main() {
  o = new();
  o.a = new();
  o.a.b = 5;
  println(o.a.b);
  println(o["a"]["b"]);
  println(o.a["b"]);
  println(o["a"].b);
  o["x"] = new();
  o["x"].y = "deep";
  println(o.x.y);
  o.a.c = new();
  o.a.c.d = new();
  o.a.c.d.e = 42;
  println(o["a"]["c"]["d"]["e"]);
  o.a.c.d.e = o.a.c.d.e + o.a.b;
  println(o.a.c.d.e);
  inner = o.a.c;
  inner.d.e = 0;
  println(o.a.c.d.e);
  println(o.a.c);
}
