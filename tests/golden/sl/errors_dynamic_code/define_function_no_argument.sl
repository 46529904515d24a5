/* defineFunction with no argument: the missing argument is NULL, a builtin type error. */
function main() {
  defineFunction();
}
