/* exit with a Number that does not fit in 64 bits: builtin type error "exit". */
function main() {
  exit(9223372036854775807 + 1);
}
