/* || evaluates its right operand only when the left one is false; side effects show the order. */
function t(name) {
  println("t " + name);
  return 1 < 2;
}

function f(name) {
  println("f " + name);
  return 1 > 2;
}

function main() {
  println(t("a") || t("never"));
  println(t("b") || f("never"));
  println(f("c") || t("d"));
  println(f("e") || f("g"));
}
