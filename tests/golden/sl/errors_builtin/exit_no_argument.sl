/* exit with no argument: NULL is not a Number. */
function main() {
  exit();
}
