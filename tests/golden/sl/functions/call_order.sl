/* A call evaluates the callee first, then the arguments left to right; chained calls f(a)(b). */
function trace(s) {
  println("eval " + s);
  return s;
}

function adder(a) {
  println("adder called with " + a);
  return add;
}

function add(x, y) {
  println("add called");
  return x + y;
}

function main() {
  println(add(trace(1), trace(2)));
  println(adder(trace("a"))(trace(10), trace(20)));
}
