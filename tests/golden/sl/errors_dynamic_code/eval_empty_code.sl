/* eval of an empty code string: a program needs at least one function, so end of input is reported at line 1 col 1. */
function main() {
  eval("sl", "");
}
