/* A builtin type error raised in a called function, inside a loop, after output: message without location. */
function define(code) {
  return defineFunction(code);
}

function main() {
  i = 0;
  while (i < 5) {
    if (i < 3) {
      define("function f" + i + "() { return " + i + "; }");
      println("defined f" + i);
    } else {
      define(i);
    }
    i = i + 1;
  }
}
