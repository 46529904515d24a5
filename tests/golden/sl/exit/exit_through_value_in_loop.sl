/* exit called through a variable after a long loop; the value computed so far is printed first. */
function main() {
  e = exit;
  s = 0;
  i = 0;
  while (i < 100000) {
    s = s + i;
    i = i + 1;
  }
  println(s);
  e(42);
}
