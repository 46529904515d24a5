/* A semantic error in eval's code: invalid assignment target at the first token of the right-hand side. */
function main() {
  eval("sl", "function main() { f(1) = 2; }");
}
