/* while loops: zero iterations, counting up and down, condition evaluated before each iteration. */
function check(i) {
  println("check " + i);
  return i < 3;
}

function main() {
  i = 0;
  while (i > 0) {
    println("never");
  }
  while (check(i)) {
    i = i + 1;
  }
  n = 5;
  s = "";
  while (n > 0) {
    s = s + n;
    n = n - 1;
  }
  println(s);
}
