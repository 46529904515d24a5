/* Semantic errors are reported only if the whole file parsed: the later syntax error wins. */
function early() {
  break;
}

function main() {
  return -1;
}
