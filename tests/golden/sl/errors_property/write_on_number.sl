/* Writing a property of a Number is an error: Undefined property: KEY. */
function main() {
  x = 5;
  println("before");
  x.foo = 1;
  println("not reached");
}
