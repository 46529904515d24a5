/* true, false and null are not literals but ordinary names: they evaluate to function values. */
function main() {
  println(true);
  println(false);
  println(null);
  println(true == (1 < 2));
  println(false == (1 > 2));
  println(true == true);
  println(true == false);
  println(null == null);
  x = true;
  println(x == true);
  println("" + true + false + null);
}
