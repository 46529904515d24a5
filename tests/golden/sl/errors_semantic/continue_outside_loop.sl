/* continue after a loop has ended is outside of the loop. */
function main() {
  i = 0;
  while (i < 3) {
    i = i + 1;
    continue;
  }
  continue;
}
