/* break leaves the innermost loop; continue re-evaluates the loop condition. */
function main() {
  i = 0;
  while (1 < 2) {
    i = i + 1;
    if (i == 4) {
      break;
    }
    println("i=" + i);
  }
  j = 0;
  odd = "";
  while (j < 10) {
    j = j + 1;
    if (j / 2 * 2 == j) {
      continue;
    }
    odd = odd + j;
  }
  println(odd);
  a = 0;
  b = 0;
  while (a < 3) {
    b = 0;
    while (1 < 2) {
      b = b + 1;
      if (b > a) {
        break;
      }
      if (b == 2) {
        continue;
      }
      println(a + "," + b);
    }
    a = a + 1;
  }
  println("done " + a + " " + b);
}
