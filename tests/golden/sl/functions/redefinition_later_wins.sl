/* When a file defines the same function name twice, the later definition wins (also for earlier references). */
function f() {
  return "first";
}

function main() {
  g = f;
  println(f());
  println(g());
  println(h(1));
}

function f() {
  return "second";
}

function h(a) {
  return "h one arg";
}

function h(a, b) {
  return "h two args: " + a + " " + b;
}
