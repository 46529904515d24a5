/* defineFunction registers the functions in its code string, does not run anything, and returns the code string. */
function main() {
  code = "function f(x) { return x * 3; }";
  r = defineFunction(code);
  println(r);
  println(r == code);
  println(f(14));
}
