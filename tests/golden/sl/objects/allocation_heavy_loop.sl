/* An allocation-heavy loop: 100000 short-lived objects; each new cell cuts the link behind its predecessor, so only the newest two stay reachable. */
function cell(v, prev) {
  c = new();
  c.v = v;
  c.prev = prev;
  c.tag = "cell";
  return c;
}

function main() {
  last = new();
  last.v = 0;
  i = 1;
  sum = 0;
  while (i <= 100000) {
    c = cell(i, last);
    c.prev.prev = 0;
    sum = sum + c.v + c.prev.v;
    last = c;
    i = i + 1;
  }
  println(sum);
  println(last.v);
  println(last.prev.v);
  println(last.prev.prev);
  println(last.tag);
}
