/* A function defined by eval but called later directly by the program is listed together with the program's frames. */
function main() {
  n = 1;
  eval("sl", "function dyn(p) { q = p * 2; return stacktrace(); }");
  println(dyn(n));
}
