/* Printing function values shows their names: user functions, builtins and undefined names. */
function foo() {
}

function main() {
  println(foo);
  println(println);
  println(readln);
  println(nanoTime);
  println(doesNotExist);
  f = foo;
  println(f);
  return main;
}
