/* Calling a negative Number renders it with its minus sign. */
function main() {
  v = 0 - 12;
  v("x");
}
