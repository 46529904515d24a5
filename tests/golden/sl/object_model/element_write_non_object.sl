// A keyed write on a non-object fails after evaluating receiver, key and value.
function main() {
  o = new();
  o[0] = 1;
  n = 5;
  n[0] = println("value evaluated");
}
