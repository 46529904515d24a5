/* User functions named like builtins (typeOf, new, isNull, stacktrace) replace them everywhere, also through values. */
function typeOf(x) {
  return "my typeOf(" + x + ")";
}

function new() {
  return "not an object";
}

function isNull(x, y) {
  return "isNull with " + x + " and " + y;
}

function stacktrace() {
  return "no frames here";
}

function main() {
  println(typeOf(1));
  println(new());
  println(isNull());
  println(isNull(1, 2));
  println(stacktrace());
  f = typeOf;
  println(f("via value"));
  println(isExecutable(new));
  println(hasSize(new()));
}
