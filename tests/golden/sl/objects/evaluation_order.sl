/* Evaluation order: a property write evaluates receiver, key, value; a read receiver then key; a call the callee then arguments. */
function r(o) {
  println("receiver");
  return o;
}

function k(name) {
  println("key " + name);
  return name;
}

function v(x) {
  println("value " + x);
  return x;
}

function main() {
  o = new();
  r(o)[k("p")] = v(1);
  println(r(o)[k("p")]);
  o.f = v;
  r(o).f(v(2));
  r(o)[k("f")](v(3));
  o[k("q")] = o[k("p")] + v(10);
  println(o.q);
}
