/* A while condition that stops being a Boolean fails when it is evaluated again. */
function main() {
  c = 1 < 2;
  i = 0;
  while (c) {
    println(i);
    i = i + 1;
    if (i == 2) {
      c = i;
    }
  }
}
