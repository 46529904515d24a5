function main() {
  s = 0;
  i = 0;
  while (i < 100000000) {
    s = s + 1;
    i = i + 1;
  }
  println(s);
}
