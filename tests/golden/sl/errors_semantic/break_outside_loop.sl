/* break outside of any while loop. */
function main() {
  println("never printed");
  if (1 < 2) {
    break;
  }
}
