/* A property can hold values of any type in turn: number, big number, string, boolean, function, object, NULL. */
function nothing() {
}

function describe(o) {
  println(typeOf(o.v));
  println(o.v);
}

function main() {
  o = new();
  i = 0;
  while (i < 3) {
    o.v = i;
    describe(o);
    o.v = 12345678901234567890 * (i + 1);
    describe(o);
    o.v = "text" + i;
    describe(o);
    o.v = i < 1;
    describe(o);
    o.v = describe;
    describe(o);
    o.v = new();
    describe(o);
    o.v = nothing();
    describe(o);
    i = i + 1;
  }
}
