/* After many successful calls of several functions, the same site gets an undefined function value. */
function a(x) { return x + 1; }
function b(x) { return x + 2; }

function call(f, x) {
  return f(x);
}

function main() {
  s = 0;
  i = 0;
  while (i < 1000) {
    s = call(a, s);
    s = call(b, s);
    i = i + 1;
  }
  println(s);
  call(c, s);
}
