/* A missing property read with a NULL key reports NULL. */
function nothing() {
}

function main() {
  o = new();
  println("reading");
  println(o[nothing()]);
}
