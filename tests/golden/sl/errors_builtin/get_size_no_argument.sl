/* getSize with no argument: Element is not a valid array. */
function main() {
  getSize();
}
