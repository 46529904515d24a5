/* One call site through a parameter sees 1, then 2, then 3, then 10 different functions. */
function f0(x) { return x; }
function f1(x) { return x + 1; }
function f2(x) { return x * 2; }
function f3(x) { return x * x; }
function f4(x) { return 0 - x; }
function f5(x) { return x / 2; }
function f6(x) { return x + 1000; }
function f7(x) { return 7; }
function f8(x) { return x * 3 - 1; }
function f9(x) { return x - 9; }

function apply(f, x) {
  return f(x);
}

function pick(k) {
  if (k == 0) { return f0; }
  if (k == 1) { return f1; }
  if (k == 2) { return f2; }
  if (k == 3) { return f3; }
  if (k == 4) { return f4; }
  if (k == 5) { return f5; }
  if (k == 6) { return f6; }
  if (k == 7) { return f7; }
  if (k == 8) { return f8; }
  return f9;
}

function run(kinds, n) {
  s = 0;
  i = 0;
  while (i < n) {
    s = s + apply(pick(i - i / kinds * kinds), i);
    i = i + 1;
  }
  return s;
}

function main() {
  println(run(1, 1000));
  println(run(2, 1000));
  println(run(3, 1000));
  println(run(10, 1000));
  println(run(1, 1000));
}
