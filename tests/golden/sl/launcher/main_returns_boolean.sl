/* A Boolean result of main is printed as true/false. */
function main() {
  return 1 > 2;
}
