/* The evaluated main may print; when it returns nothing, eval returns NULL. Output order is preserved. */
function main() {
  println("before");
  r = eval("sl", "function main() { println(1); println(2 + 3); }");
  println("after");
  println(r);
  r2 = eval("sl", "function main() { return; }");
  println(isNull(r2));
}
