/* Compiled frames stay current for stack walks across branches, loops and early returns (values changed in one arm only, loop-carried values, a return from inside a branch). */
function show() {
  println(stacktrace());
}

function f(c) {
  x = 1;
  show();
  if (c) {
    x = 2;
  }
  show();
  y = x;
  while (y < 4) {
    y = y + 1;
    show();
  }
  show();
}

function g(c) {
  a = 1;
  if (c) {
    a = 5;
    return stacktrace();
  } else {
    a = 3;
  }
  return stacktrace();
}

function main() {
  i = 0;
  while (i < 3) {
    f(i == 1);
    println(g(i == 2));
    i = i + 1;
  }
}
