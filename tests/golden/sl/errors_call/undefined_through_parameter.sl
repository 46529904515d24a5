/* An undefined function passed as a value fails only when called through the parameter, after other output. */
function call(f) {
  println("calling " + f);
  return f(1);
}

function defined(x) {
  return x + 1;
}

function main() {
  println(call(defined));
  println(call(missingFunction));
  println("not reached");
}
