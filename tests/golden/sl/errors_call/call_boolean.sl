/* Calling a Boolean value: Undefined function: true. */
function main() {
  b = 1 < 2;
  b(1, 2);
}
