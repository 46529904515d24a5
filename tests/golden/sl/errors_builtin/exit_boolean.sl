/* exit with a Boolean: builtin type error listing Boolean false. */
function main() {
  exit(1 > 2);
}
