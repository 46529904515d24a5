/* A missing property read with a big Number key reports all its digits. */
function main() {
  o = new();
  o[9223372036854775807] = "max";
  println(o["9223372036854775807"]);
  println(o[9223372036854775807 + 1]);
}
