/* ">=" is computed as not "<", so its type error names "<"; parenthesised left operand gives the "(". */
function nothing() {
}

function main() {
  println((1 < 2) >= nothing());
}
