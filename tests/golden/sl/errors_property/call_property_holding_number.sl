/* Calling a property value that is a Number: Undefined function: 42. */
function main() {
  o = new();
  o.f = 42;
  o["f"]();
}
