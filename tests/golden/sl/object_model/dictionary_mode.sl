// An object with hundreds of named properties goes to dictionary mode; reads, updates and
// property caches that see it keep working, and missing keys are still errors.
function get(o) { return o.k42; }
function main() {
  o = new();
  i = 0;
  while (i < 300) { o["k" + i] = i; i = i + 1; }
  small = new();
  small.k42 = "small";
  println(get(small));
  println(get(o));
  println(get(small));
  i = 0; sum = 0;
  while (i < 300) { sum = sum + o["k" + i]; i = i + 1; }
  println(sum);
  o.k299 = "updated";
  println(o["k299"]);
  o[0] = "element";
  o[1] = "element";
  println(o[0] + o["1"] + o.k0);
  println(o.k300);
}
