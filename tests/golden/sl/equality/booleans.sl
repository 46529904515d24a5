/* == and != on Booleans compare values. */
function main() {
  t = 1 < 2;
  f = 2 < 1;
  println(t == t);
  println(t == (3 < 4));
  println(f == (4 < 3));
  println(t == f);
  println(t != f);
  println(f != f);
}
