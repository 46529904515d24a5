// Appends in a compiled loop stop below an index key that is a named property: every key
// keeps one home, whichever path (element or named) reads it.
function fill(o, n) { i = 0; while (i < n) { o[i] = i; i = i + 1; } }
function main() {
  o = new();
  o["50"] = "named fifty";
  fill(o, 200);
  println(o[49] + " " + o[50] + " " + o["50"] + " " + o[51] + " " + o[199]);
  p = new();
  fill(p, 40);
  p[45] = "named";
  fill(p, 60);
  println(p[39] + " " + p[44] + " " + p[45] + " " + p["45"] + " " + p[59]);
  q = new();
  k = 0;
  while (k < 3) { fill(q, 1000); k = k + 1; }
  s = 0; i = 0;
  while (i < 1000) { s = s + q[i]; i = i + 1; }
  println(s);
}
