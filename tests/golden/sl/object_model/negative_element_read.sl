function main() {
  o = new();
  o[0] = 1;
  println(o[0]);
  println(o[0 - 1]);
}
