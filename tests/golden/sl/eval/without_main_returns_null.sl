/* Code without main: eval registers its functions, runs nothing (the program's main is not re-run) and returns NULL. */
function main() {
  println("main runs once");
  r = eval("sl", "function helper(x) { return x + 1; }");
  println(r);
  println(isNull(r));
  println(helper(41));
}
