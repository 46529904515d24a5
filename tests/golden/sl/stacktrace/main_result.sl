/* A stacktrace string returned from main is printed as main's result (lines joined by newlines, no trailing newline). */
function helper(v) {
  w = v + 1;
  return stacktrace();
}

function main() {
  x = "main's x";
  return helper(1);
}
