/* One property read site seeing objects of many different shapes (12 layouts), and a write site likewise. */
function build(k) {
  o = new();
  i = 0;
  while (i < k) {
    o["f" + i] = i;
    i = i + 1;
  }
  o.v = k;
  return o;
}

function readV(o) {
  return o.v;
}

function bump(o) {
  o.v = o.v + 1;
}

function main() {
  objs = new();
  k = 0;
  while (k < 12) {
    objs[k] = build(k);
    k = k + 1;
  }
  sum = 0;
  round = 0;
  while (round < 500) {
    k = 0;
    while (k < 12) {
      sum = sum + readV(objs[k]);
      bump(objs[k]);
      k = k + 1;
    }
    round = round + 1;
  }
  println(sum);
  println(readV(objs[0]));
  println(readV(objs[11]));
  println(objs[11].f10);
}
