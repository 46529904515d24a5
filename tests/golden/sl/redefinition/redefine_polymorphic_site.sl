/* One call site through a value sees three functions; one of them is redefined between rounds. */
function a(x) {
  return x + 1;
}

function b(x) {
  return x + 10;
}

function c(x) {
  return x + 100;
}

function pick(i) {
  k = i - i / 3 * 3;
  if (k == 0) {
    return a;
  }
  if (k == 1) {
    return b;
  }
  return c;
}

function round() {
  s = 0;
  i = 0;
  while (i < 300) {
    fn = pick(i);
    s = s + fn(i);
    i = i + 1;
  }
  return s;
}

function main() {
  println(round());
  defineFunction("function b(x) { return x * 2; }");
  println(round());
  defineFunction("function a(x) { return 0; } function c(x) { return 0; }");
  println(round());
}
