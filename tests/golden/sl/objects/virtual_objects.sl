/* Objects that compiled code keeps virtual (allocation removal) must behave exactly like
   allocated ones wherever they escape: kept in a branch, in a cycle, returned by an inlined
   constructor, compared for identity, stored into an object in memory, seen by stacktrace(),
   left for the interpreter by an overflow in the middle of their initialization. */
function pair(x, y) { p = new(); p.x = x; p.y = y; return p; }

function sumPair(p) { return p.x + p.y; }

function main() {
  keep = new(); keep.v = 0 - 1;
  list = new(); list.head = new(); list.n = 0;
  same = 0; different = 0; total = 0; big = 0;
  i = 0;
  while (i < 3000) {
    a = new(); b = new(); a.other = b; b.other = a; a.v = i; b.v = i + 1;
    if (i - i / 1000 * 1000 == 0) { keep = a; }
    q = pair(i, i * 2);
    total = total + sumPair(q) + a.other.other.v;
    if (a == a.other.other) { same = same + 1; }
    if (a == b) { different = different + 1; }
    if (i - i / 700 * 700 == 0) {
      node = new(); node.value = q; node.next = list.head; list.head = node; list.n = list.n + 1;
    }
    c = new(); c.x = 4611686018427387904 + i * 1000000000000000; c.y = c.x * 2;
    big = big + c.y / 1000000000000000000;
    if (i == 2999) { println(stacktrace()); }
    i = i + 1;
  }
  println(keep.v + " " + keep.other.v + " " + keep.other.other.v);
  println(same + " " + different + " " + total + " " + big);
  n = list.head; s = ""; k = 0;
  while (k < list.n) { s = s + n.value.x + ":" + n.value.y + " "; n = n.next; k = k + 1; }
  println(s + list.n);
}
