/* + with an object and a Number (no String involved) is a type error; the object renders as Object Object. */
function main() {
  o = new();
  println("x" + o);
  r = o + 1;
}
