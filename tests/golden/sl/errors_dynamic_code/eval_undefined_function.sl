/* An undefined function called inside evaluated code: Undefined function: NAME, no location. */
function main() {
  eval("sl", "function main() { println(1); notThere(2); }");
}
