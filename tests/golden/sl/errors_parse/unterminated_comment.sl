/* An unterminated block comment is not a comment but the tokens / and *. */
function main() {
  println(1);
  /* this comment never ends
}
