/* A function value is not an object: writing a property of it is an error. */
function f() {
  return 1;
}

function main() {
  println(f());
  f.attribute = 2;
}
