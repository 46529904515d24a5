/* Function values compare by identity, i.e. by name; builtins and undefined names included. */
function f() {
  return 1;
}

function g() {
  return 1;
}

function main() {
  println(f == f);
  println(f == g);
  println(f != g);
  h = f;
  println(h == f);
  println(println == println);
  println(println == f);
  println(undefinedOne == undefinedOne);
  println(undefinedOne == undefinedTwo);
  println(f() == g());
  println(f == "f");
}
