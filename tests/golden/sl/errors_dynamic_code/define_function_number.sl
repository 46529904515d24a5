/* defineFunction with a Number: builtin type error without location. */
function main() {
  println("before");
  defineFunction(3);
  println("not reached");
}
