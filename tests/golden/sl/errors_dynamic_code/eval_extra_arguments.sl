/* eval with three Numbers: the type error lists only the first two (truncated to eval's arity). */
function main() {
  eval(1, 2, 3);
}
