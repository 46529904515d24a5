/* A chain a && b && c: failure of the second && on its right operand is located at a. */
function main() {
  a = 1 < 2;
  b = 2 < 3;
  if (a && b && 3) {
  }
}
