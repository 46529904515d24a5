/* A missing semicolon in eval's code: missing ';' at '}'. */
function main() {
  eval("sl", "function main() { x = 1 }");
}
