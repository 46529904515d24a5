/* A missing property read with a Number key reports the key's decimal string. */
function main() {
  o = new();
  o[1] = "one";
  println(o["1"]);
  println(o[1 + 1]);
}
