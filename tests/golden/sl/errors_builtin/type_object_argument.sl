/* A type object as a builtin argument renders by its name only. */
function main() {
  defineFunction(typeOf(1));
}
