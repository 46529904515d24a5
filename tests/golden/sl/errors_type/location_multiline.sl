/* The location is the first character of the left operand even when the operator is on a later line. */
function main() {
  x = 1 +
    2 -
      "y";
}
