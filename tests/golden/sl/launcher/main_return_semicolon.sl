/* return; in main (NULL result) prints nothing, and so does returning NULL from a call. */
function nothing() {
}

function main() {
  if (1 < 2) {
    return nothing();
  }
  return;
}
