/* Concatenating Booleans (results of comparisons) with strings. */
function main() {
  println("b=" + (1 < 2));
  println((1 > 2) + "!");
  t = 3 == 3;
  println(t + " and " + (t != t));
  println("" + ((1 < 2) && (2 < 1)));
}
