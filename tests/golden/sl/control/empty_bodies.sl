/* Empty function bodies, empty blocks and a loop whose work happens in its condition. */
function nop() {
}

function bump() {
  n = 0;
  while ((n = n + 1) < 10) {
  }
  return n;
}

function main() {
  nop();
  if (1 < 2) {
  }
  println(bump());
  println(nop());
}
