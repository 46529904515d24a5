/* Cycles of objects: a self-reference, a two-node cycle and a ring walked many times. */
function main() {
  a = new();
  a.self = a;
  println(a.self.self.self == a);
  b = new();
  c = new();
  b.next = c;
  c.next = b;
  b.name = "b";
  c.name = "c";
  println(b.next.next == b);
  println(b.next.next.next.name);
  first = new();
  first.id = 0;
  p = first;
  i = 1;
  while (i < 7) {
    n = new();
    n.id = i;
    p.next = n;
    p = n;
    i = i + 1;
  }
  p.next = first;
  steps = 0;
  sum = 0;
  q = first;
  while (steps < 1001) {
    sum = sum + q.id;
    q = q.next;
    steps = steps + 1;
  }
  println(sum);
  println(q.id);
  println(q.next.next.next.next.next.next.next == q);
  count = 1;
  r = first.next;
  while (r != first) {
    count = count + 1;
    r = r.next;
  }
  println(count);
}
