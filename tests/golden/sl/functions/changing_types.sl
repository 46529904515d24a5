/* A local variable may hold values of different types over time, also across recursive calls. */
function describe(n) {
  v = n;
  if (n == 0) {
    v = "zero";
  }
  if (n == 1) {
    v = 1 < 2;
  }
  if (n == 2) {
    v = describe;
  }
  if (n == 3) {
    v = describe(0);
  }
  if (n == 4) {
    v = 99999999999999999999;
  }
  return v;
}

function walk(n) {
  if (n < 0) {
    return "";
  }
  x = describe(n);
  return walk(n - 1) + x + ";";
}

function main() {
  println(walk(6));
  x = 1;
  x = x + 99999999999999999999;
  x = x - 99999999999999999999;
  x = "now " + x;
  println(x);
  x = println;
  x("called through x");
}
