/* isExecutable (any function value, defined or not), isNull (only NULL) and hasSize (always false) on every kind of value. */
function nothing() {
}

function show(v) {
  println("" + isExecutable(v) + " " + isNull(v) + " " + hasSize(v));
}

function main() {
  show(1);
  show(12345678901234567890123);
  show("");
  show("NULL");
  show(1 < 2);
  show(nothing());
  show(nothing);
  show(println);
  show(notDefined);
  show(new());
  show(typeOf(1));
  o = new();
  o.f = show;
  println(isExecutable(o.f));
  println(isNull(o.f(o)));
}
