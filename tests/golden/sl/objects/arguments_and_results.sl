/* Objects passed as arguments and returned: the callee mutates the caller's object; factories return fresh objects. */
function makePoint(x, y) {
  p = new();
  p.x = x;
  p.y = y;
  return p;
}

function moveBy(p, dx, dy) {
  p.x = p.x + dx;
  p.y = p.y + dy;
}

function same(p) {
  return p;
}

function show(p) {
  return "(" + p.x + ", " + p.y + ")";
}

function swap(p) {
  t = p.x;
  p.x = p.y;
  p.y = t;
  return p;
}

function main() {
  a = makePoint(1, 2);
  b = makePoint(1, 2);
  println(show(a));
  moveBy(a, 10, 20);
  println(show(a));
  println(show(b));
  println(same(a) == a);
  println(same(a) == b);
  c = swap(a);
  println(show(a));
  println(c == a);
  i = 0;
  while (i < 100) {
    moveBy(same(c), 1, 0 - 1);
    i = i + 1;
  }
  println(show(a));
  println(makePoint(0, 0) == makePoint(0, 0));
}
