/* eval("sl", code) registers the code's functions, runs its main and returns main's result. */
function main() {
  println(eval("sl", "function main() { return 6 * 7; }"));
  r = eval("sl", "function main() { return sq(12); } function sq(x) { return x * x; }");
  println(r);
  println(sq(3));
  println(typeOf(eval("sl", "function main() { return 1 < 2; }")));
}
