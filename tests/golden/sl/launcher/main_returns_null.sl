/* When main falls off the end (NULL result) the launcher prints nothing more. */
function main() {
  println("only this line");
}
