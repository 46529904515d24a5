/* "-" with two Strings fails; strings render with double quotes, raw characters inside. */
function main() {
  println("a" + "b");
  println("a\n" - "b c");
}
