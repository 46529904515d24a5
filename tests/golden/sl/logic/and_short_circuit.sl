/* && evaluates its right operand only when the left one is true; side effects show the order. */
function t(name) {
  println("t " + name);
  return 1 < 2;
}

function f(name) {
  println("f " + name);
  return 1 > 2;
}

function main() {
  println(t("a") && t("b"));
  println(t("c") && f("d"));
  println(f("e") && t("never"));
  println(f("g") && f("never"));
}
