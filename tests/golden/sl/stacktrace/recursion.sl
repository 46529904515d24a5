/* Recursive calls: every activation is a separate frame, innermost first, down to main. */
function down(n, acc) {
  if (n == 0) {
    return stacktrace();
  }
  local = n * 10;
  return down(n - 1, acc + n);
}

function main() {
  depth = 4;
  println(down(depth, 0));
}
