/* A parenthesised left operand: the error position is its "(". */
function main() {
  r = (1 + 2) * "x";
}
