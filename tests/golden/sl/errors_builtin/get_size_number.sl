/* getSize of a Number: Element is not a valid array. (no location); hasSize was false. */
function main() {
  println(hasSize(3));
  println(getSize(3));
}
