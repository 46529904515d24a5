/* wrapPrimitive returns a value that behaves exactly like its argument in every operation. */
function twice(x) {
  return x * 2;
}

function main() {
  n = wrapPrimitive(20);
  println(n + 1);
  println(n * n);
  println(n == 20);
  println(n < 21);
  println(typeOf(n));
  s = wrapPrimitive("ab");
  println(s + "c");
  println(s == "ab");
  b = wrapPrimitive(1 < 2);
  if (b) {
    println("wrapped true is true");
  }
  println(b && (1 < 2));
  f = wrapPrimitive(twice);
  println(f(21));
  println(f == twice);
  o = new();
  o.v = 1;
  w = wrapPrimitive(o);
  w.v = 2;
  println(o.v);
  println(w == o);
  println(wrapPrimitive(98765432109876543210) + 1);
  println(isNull(wrapPrimitive(nothing())));
  println(wrapPrimitive());
  k = new();
  k[wrapPrimitive(3)] = "three";
  println(k["3"]);
}

function nothing() {
}
