/* "<=" on Strings fails: strings cannot be ordered. */
function main() {
  println("a" <= "b");
}
