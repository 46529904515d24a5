/* "a" + 1 - 1: the concatenation succeeds, then "-" fails on the String "a1", located at the first operand. */
function main() {
  z = "a" + 1 - 1;
}
