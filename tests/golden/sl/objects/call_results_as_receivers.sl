/* Suffix chains: a call result can be the receiver of a read, a write or another call. */
function same(x) {
  return x;
}

function makeHolder(v) {
  h = new();
  h.v = v;
  h.get = getV;
  return h;
}

function getV() {
  return "getV called";
}

function main() {
  println(makeHolder(9).v);
  o = new();
  same(o).v = 5;
  println(o.v);
  same(o)["w"] = 6;
  println(o.w);
  println(same(o).v + same(o)["w"]);
  println(makeHolder(1).get());
  o.make = makeHolder;
  println(o.make(77).v);
  println(o.make(3).get());
  println(makeHolder(0).v = 4);
}
