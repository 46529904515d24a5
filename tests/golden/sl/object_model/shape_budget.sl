// Objects that keep inventing keys: past the shape tree's budget they take dictionary mode,
// with the same results.
function fill(r) {
  o = new();
  i = 0;
  while (i < 100) { o["r" + r + "k" + i] = r + i; i = i + 1; }
  return o;
}
function main() {
  r = 0; sum = 0;
  while (r < 250) {
    o = fill(r);
    sum = sum + o["r" + r + "k0"] + o["r" + r + "k99"];
    r = r + 1;
  }
  println(sum);
}
