/* x = 1 = 2: the second = follows another assignment, which is not assignable. */
function main() {
  x = y = 5;
  x = 1 = "two";
}
