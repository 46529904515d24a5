/* Code run by eval: the listing stops at the eval boundary, so frames of the calling program are not listed. */
function show(a) {
  println(stacktrace());
  return a;
}

function main() {
  x = 1;
  println(stacktrace());
  r = eval("sl", "function main() { y = 2; return show(y) + 1; }");
  println(r);
  println(stacktrace());
}
