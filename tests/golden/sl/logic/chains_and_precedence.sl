/* && binds tighter than ||; both are left-associative; evaluation order follows from that. */
function t(name) {
  println("t " + name);
  return 1 < 2;
}

function f(name) {
  println("f " + name);
  return 1 > 2;
}

function main() {
  println(t("1") || f("x") && f("x"));
  println(f("2") || t("3") && f("4"));
  println(f("5") && t("x") || t("6"));
  println(t("7") && t("8") && f("9") && t("x"));
  println(f("10") || f("11") || t("12") || t("x"));
  println((f("13") || t("14")) && t("15"));
}
