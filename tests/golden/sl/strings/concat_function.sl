/* Concatenating function values (defined, builtin, undefined) with strings uses their names. */
function foo() {
  return 1;
}

function main() {
  println("f is " + foo);
  println(foo + " is f");
  println(println + "");
  println("undefined " + notDefinedAnywhere);
  g = foo;
  println("g holds " + g);
  println("calls " + foo());
}
