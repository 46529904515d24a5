/* Extra arguments are evaluated (left to right, side effects visible) and then ignored. */
function one(a) {
  return "got " + a;
}

function none() {
  return "got nothing";
}

function arg(s) {
  println("evaluating " + s);
  return s;
}

function main() {
  println(one(1, 2, 3));
  println(one(arg("first"), arg("second"), arg("third")));
  println(none(arg("ignored")));
}
