/* A function value taken while undefined becomes callable once defineFunction defines it. */
function tryIt(fn) {
  println(isExecutable(fn));
  println(fn);
}

function main() {
  later = laterFunction;
  tryIt(later);
  defineFunction("function laterFunction(a, b) { return a * b; }");
  println(later(6, 7));
  println(laterFunction(2, 3));
  println(later == laterFunction);
}
