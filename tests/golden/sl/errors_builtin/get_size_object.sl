/* getSize of an object: Element is not a valid array. */
function main() {
  o = new();
  o.size = 3;
  println(o.size);
  getSize(o);
}
