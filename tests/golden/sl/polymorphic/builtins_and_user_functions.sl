/* A single call site alternates between builtins and user functions. */
function show(x) {
  return "show " + x;
}

function main() {
  fns = new();
  fns[0] = typeOf;
  fns[1] = show;
  fns[2] = isNull;
  fns[3] = wrapPrimitive;
  fns[4] = isExecutable;
  i = 0;
  while (i < 10) {
    f = fns[i - i / 5 * 5];
    println(f(i));
    i = i + 1;
  }
}
