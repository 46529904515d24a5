/* A property write evaluates receiver, key and value before failing on the non-object receiver. */
function key() {
  println("key evaluated");
  return "k";
}

function main() {
  x = 7;
  x[key()] = println("value evaluated");
}
