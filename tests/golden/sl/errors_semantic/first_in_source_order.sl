/* With several semantic errors, the first one in source order (functions in file order) is reported. */
function first() {
  x = 1;
  continue;
  first() = 2;
}

function main() {
  break;
}
