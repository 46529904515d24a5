/* f(1)(2) calls the value returned by f(1); here a Number, so the second call fails. */
function f(x) {
  println("f got " + x);
  return x * 10;
}

function main() {
  f(1)(2);
}
