/* eval with only the language: the missing code is NULL. */
function main() {
  eval("sl");
}
