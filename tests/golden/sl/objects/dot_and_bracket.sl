/* Properties written and read with .name and ["name"] denote the same property; writes create or update. */
function main() {
  o = new();
  o.x = 1;
  println(o.x);
  println(o["x"]);
  o["y"] = 2;
  println(o.y);
  println(o["y"]);
  o.x = o.x + 10;
  println(o["x"]);
  o["x"] = o["x"] * 2;
  println(o.x);
  k = "y";
  o[k] = "changed";
  println(o.y);
  println(o[k]);
  println(o.x + o.y);
}
