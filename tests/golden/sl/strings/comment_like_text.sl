/* Comment markers inside string literals are text; quotes inside comments are ignored. */
function main() {
  println("// not a comment");
  println("/* not a comment either */");
  // println("this line is commented out");
  /* println("so is this " */
  println("end"); // trailing comment with "quote
}
