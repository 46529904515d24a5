/* == and != on strings compare characters, including strings built at run time. */
function main() {
  println("abc" == "abc");
  println("abc" == "abd");
  println("abc" != "ab");
  println("" == "");
  a = "ab";
  println(a + "c" == "abc");
  println("1" + 2 == "12");
  println("x" == "X");
}
