/* A missing property read deep in a call chain, inside a loop, after output: the run ends there. */
function get(o, k) {
  return o[k];
}

function walk(o, n) {
  if (n == 0) {
    return get(o, "k" + o.count);
  }
  return walk(o, n - 1);
}

function main() {
  o = new();
  o.k0 = "zero";
  o.k1 = "one";
  o.k2 = "two";
  o.count = 0;
  while (o.count < 10) {
    println(walk(o, 5));
    o.count = o.count + 1;
  }
}
