/* Caller frames show their locals as they are during the call: a variable being assigned the call's result keeps its old value. */
function inner(v) {
  println(stacktrace());
  return v + 1;
}

function middle(m) {
  r = 10;
  r = inner(m);
  r2 = inner(r);
  return r2;
}

function main() {
  total = 0;
  i = 0;
  while (i < 2) {
    total = total + middle(i);
    i = i + 1;
  }
  println(total);
}
