/* Inlined calls count toward the call-depth limit (100000) exactly like other calls: main,
   then two frames per level, so level 49999 fits and level 50000 does not. */
function f(n) {
  if (n == 0) {
    return 0;
  }
  return g(n);
}

function g(n) {
  return f(n - 1) + 1;
}

function main() {
  println(f(10));
  println(f(49999));
  println(f(50000));
}
