/* defineFunction with an object: the argument renders as Object Object. */
function main() {
  defineFunction(new());
}
