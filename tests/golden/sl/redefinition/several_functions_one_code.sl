/* One code string may define several functions that call each other; a later code string replaces one of them and adds another. */
function main() {
  println("start");
  code = "function sq(x) { return x * x; } function sumSq(a, b) { return sq(a) + sq(b); } function helper() { return 1; }";
  defineFunction(code);
  println(sumSq(3, 4));
  defineFunction("function helper() { return 100; } function other() { return helper() + 1; }");
  println(other());
  println(helper());
  println(sq(sumSq(1, 1)));
}
