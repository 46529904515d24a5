/* A while condition must be a Boolean; checked before the first iteration. */
function main() {
  s = "yes";
  while (s) {
    println("not reached");
  }
}
