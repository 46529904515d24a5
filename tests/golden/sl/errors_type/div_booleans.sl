/* "/" with two Booleans fails. */
function main() {
  t = 1 < 2;
  f = 1 > 2;
  return t / f;
}
