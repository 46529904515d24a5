/* new with a String argument fails with Undefined function: followed by the raw string. */
function main() {
  new("Point");
}
