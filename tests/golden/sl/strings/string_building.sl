/* Builds strings in loops (a hot loop for the compiler) and prints them. */
function repeat(s, n) {
  r = "";
  i = 0;
  while (i < n) {
    r = r + s;
    i = i + 1;
  }
  return r;
}

function main() {
  digits = "";
  i = 0;
  while (i < 10) {
    digits = digits + i;
    i = i + 1;
  }
  println(digits);
  println(repeat("ab", 5));
  println(repeat("-", 20));
  println("[" + repeat("x", 0) + "]");
  big = repeat("0123456789", 1000);
  check = big == repeat("0123456789", 1000);
  println(check);
  line = "";
  k = 1;
  while (k <= 5) {
    line = line + k + "*" + k + "=" + k * k;
    if (k < 5) {
      line = line + ", ";
    }
    k = k + 1;
  }
  println(line);
}
