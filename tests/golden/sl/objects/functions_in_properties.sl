/* Functions stored in properties are called through them: o.f(3), o["f"](4); builtins too. No receiver is passed. */
function inc(x) {
  return x + 1;
}

function twice(x) {
  return x * 2;
}

function argCount(a, b) {
  return "a=" + a + " b=" + b;
}

function main() {
  o = new();
  o.f = inc;
  println(o.f(3));
  println(o["f"](4));
  o.f = twice;
  println(o.f(3));
  o.g = o.f;
  println(o.g(10));
  println(o.g == twice);
  o.p = println;
  o.p("printed through a property");
  o.args = argCount;
  println(o.args(1));
  o.m = new();
  o.m.add = inc;
  println(o.m.add(o.m.add(0)));
  name = "f";
  println(o[name](21));
  println(o.f);
}
