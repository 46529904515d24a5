/* A property write is an expression whose value is the written value; chains like o.x = o.y = 7 work. */
function main() {
  o = new();
  println(o.x = 5);
  a = o.y = 6;
  println(a);
  println(o.y);
  o.x = o.y = 7;
  println(o.x + o.y);
  b = (o.z = 3) + 1;
  println(b);
  println(o.z);
  o["w"] = o.v = "s";
  println(o.w + o.v);
  c = o.self = o;
  println(c == o);
  println(o.self.self.z);
}
