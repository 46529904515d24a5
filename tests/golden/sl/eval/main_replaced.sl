/* eval registers the evaluated main under the name main, replacing the running program's main function for later calls. */
function main() {
  r = eval("sl", "function main() { return 7; }");
  println(r);
  println(main());
  println(main);
  return "first main ends";
}
