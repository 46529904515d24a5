/* Functions are values: passed as arguments, stored in variables, returned, and called through them. */
function add(a, b) {
  return a + b;
}

function mul(a, b) {
  return a * b;
}

function apply(f, x, y) {
  return f(x, y);
}

function pick(wantAdd) {
  if (wantAdd) {
    return add;
  }
  return mul;
}

function twice(f, x) {
  return f(f(x));
}

function square(x) {
  return x * x;
}

function main() {
  println(apply(add, 3, 4));
  println(apply(mul, 3, 4));
  op = pick(1 < 2);
  println(op(10, 5));
  op = pick(1 > 2);
  println(op(10, 5));
  println(pick(1 > 2));
  println(twice(square, 3));
  p = println;
  p("through a variable");
  println(apply(add, "s", 1));
}
