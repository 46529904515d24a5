/* import with no argument: NULL is not a String. */
function main() {
  import();
}
