/* Builtins are ordinary function values: stored, passed, compared and called through variables. */
function callWith(f, x) {
  return f(x);
}

function main() {
  p = println;
  p("via variable");
  r = callWith(println, "via parameter");
  println(r == "via parameter");
  println(p == println);
  println(nanoTime == println);
}
