/* Identifiers may contain letters, digits, _ and $ (not first digit); case matters; keywords-like names work. */
function $dollar() {
  return "$dollar";
}

function _under_score1() {
  return "_under_score1";
}

function main() {
  $ = 1;
  _ = 2;
  a$b_c9 = 3;
  A$B_C9 = 4;
  $$_$ = 5;
  println($ + _ + a$b_c9 + A$B_C9 + $$_$);
  println(a$b_c9 == A$B_C9);
  println($dollar());
  println(_under_score1());
  functions = "not a keyword";
  whileLoop = "also fine";
  iffy = "fine";
  println(functions + ", " + whileLoop + ", " + iffy);
  println(Main);
}
