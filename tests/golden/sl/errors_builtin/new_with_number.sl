/* new with a non-NULL argument tries to instantiate it; for a Number this fails with Undefined function: 5. */
function main() {
  o = new();
  println(o);
  new(5);
}
