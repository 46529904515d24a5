/* A type error inside a called function reports the callee's location; output before it stays. */
function half(x) {
  return x / 2;
}

function main() {
  println(half(10));
  println(half("ten"));
  println("not reached");
}
