/* eval with a Number as code: builtin type error "eval" listing both arguments. */
function main() {
  eval("sl", 5);
}
