/* A big-number result of main is printed with all digits. */
function main() {
  return 9223372036854775807 * 9223372036854775807;
}
