// Reading past the elements is a missing property, reported by its key string.
function sum(o, n) {
  i = 0; s = 0;
  while (i < n) { s = s + o[i]; i = i + 1; }
  return s;
}
function main() {
  o = new();
  i = 0;
  while (i < 100) { o[i] = 1; i = i + 1; }
  println(sum(o, 100));
  println(sum(o, 100));
  println(sum(o, 101));
}
