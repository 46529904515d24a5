/* Reading a missing property ends the run with Undefined property: KEY (no location); earlier output stays. */
function main() {
  o = new();
  o.x = 1;
  println(o.x);
  println(o.y);
  println("not reached");
}
