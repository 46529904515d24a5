/* o.op(x) where objects carry different functions and have different shapes. */
function add(a, b) { return a + b; }
function sub(a, b) { return a - b; }
function mul(a, b) { return a * b; }

function make(op, extra) {
  o = new();
  if (extra) {
    o.padding = "p";
  }
  o.op = op;
  return o;
}

function main() {
  ops = new();
  ops[0] = make(add, 1 < 2);
  ops[1] = make(sub, 1 > 2);
  ops[2] = make(mul, 1 < 2);
  ops[3] = make(add, 1 > 2);
  acc = 1;
  i = 0;
  while (i < 40) {
    acc = ops[i - i / 4 * 4].op(acc, 3);
    i = i + 1;
  }
  println(acc);
}
