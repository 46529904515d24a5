/* A type object in arithmetic: it renders by its name only (Number), unlike a value (Number 1). */
function main() {
  t = typeOf(1);
  println(t);
  d = t - 1;
}
