/* Frames are named after the function called, whichever value or property the call went through. */
function worker(n) {
  return stacktrace();
}

function holder() {
  h = new();
  h.run = worker;
  return h;
}

function apply(f, x) {
  return f(x);
}

function main() {
  g = worker;
  println(g(1));
  println(apply(worker, 2));
  println(holder().run(3));
  println(apply(g, 4) == apply(worker, 4));
}
