/* An if condition must be a Boolean: Number 0 fails, located at the condition's first character. */
function main() {
  n = 0;
  println("checking");
  if (n) {
    println("not reached");
  }
}
