/* Writing with a NULL key to a non-object: the key renders as NULL. */
function nothing() {
}

function main() {
  n = 42;
  n[nothing()] = 1;
}
