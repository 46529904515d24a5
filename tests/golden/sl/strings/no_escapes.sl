/* String literals have no escape sequences: a backslash is an ordinary character. */
function main() {
  println("a\nb");
  println("C:\dir\");
  println("tab\there");
  s = "\\";
  println(s + s);
  println("single ' quote");
}
