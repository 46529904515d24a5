/* Functions may be called before their definition in the file; order of definitions does not matter. */
function main() {
  println(later(20));
  println(laterStill());
}

function later(x) {
  return laterStill() + x;
}

function laterStill() {
  return 22;
}
