/* Missing arguments are NULL in their parameter slots; extra arguments do not appear. */
function f(a, b, c) {
  return stacktrace();
}

function main() {
  println(f(1));
  println(f(1, 2, 3, 4, 5));
}
