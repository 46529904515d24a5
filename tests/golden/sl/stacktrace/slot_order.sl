/* Slot order: parameters, then body locals by first assignment occurrence (conditions included), then nested blocks' locals in block order. */
function f(p, q) {
  if ((c = 3) > 2) {
    inner1 = "i1";
    if (1 < 2) {
      deeper = "d";
    }
    inner2 = "i2";
  }
  b = 2;
  while ((w = 1) > 2) {
    never = 0;
  }
  a = 1;
  if (1 > 2) {
    skipped = 0;
  } else {
    elseLocal = "e";
  }
  println(stacktrace());
  last = 0;
}

function main() {
  f("P", "Q");
}
