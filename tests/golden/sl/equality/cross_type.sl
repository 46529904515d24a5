/* Values of different types are never equal: every pair of Number, String, Boolean, NULL, Function. */
function none() {
}

function eq(a, b) {
  println((a == b) + " " + (a != b) + " " + (b == a) + " " + (b != a));
}

function main() {
  num = 1;
  big = 100000000000000000000;
  str = "1";
  boo = 1 < 2;
  nul = none();
  fun = none;
  eq(num, str);
  eq(num, boo);
  eq(num, nul);
  eq(num, fun);
  eq(big, str);
  eq(big, nul);
  eq(str, boo);
  eq(str, nul);
  eq(str, fun);
  eq(boo, nul);
  eq(boo, fun);
  eq(nul, fun);
  eq("true", boo);
  eq("none", fun);
  eq(0, nul);
  eq("", nul);
}
