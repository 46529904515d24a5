/* Values in frames use the string conversion: numbers of any size, strings raw, booleans, NULL, function names. */
function nothing() {
}

function show(num, neg, big, str, empty, bool, nul, fun, undef, builtin) {
  println(stacktrace());
}

function main() {
  show(42, 0 - 7, 100000000000000000000 * 3, "a, b=c", "", 1 < 2, nothing(), nothing, notDefined, println);
}
