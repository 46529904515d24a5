/* An object as an if condition: toBoolean type error at the condition. */
function main() {
  o = new();
  if (o) {
    println("not reached");
  }
}
