/* Doubling in a loop from 1 to 2^100 and halving back down to 1. */
function main() {
  x = 1;
  i = 0;
  while (i < 100) {
    x = x * 2;
    i = i + 1;
    if (i == 62 || i == 63 || i == 64 || i == 100) {
      println("2^" + i + " = " + x);
    }
  }
  while (x > 1) {
    x = x / 2;
    i = i - 1;
  }
  println(i);
  return x;
}
