/* In string concatenation an object converts to [foreign object], while println shows Object. */
function main() {
  o = new();
  println("" + o);
  println(o + "!");
  println("a" + o + 1);
  println(1 + 2 + "=" + o);
  s = "object: " + o;
  println(s);
  o.text = "" + o;
  println(o.text);
  println(o);
  o.inner = new();
  println("inner " + o.inner);
  println(o + "" == "[foreign object]");
}
