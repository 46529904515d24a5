/*
 * String building: concatenation in loops, numbers/booleans/NULL/functions converted
 * to text by +, a triangle of stars, and a 10000-character string built piece by piece.
 */
function repeat(s, n) {
  r = "";
  while (n > 0) {
    r = r + s;
    n = n - 1;
  }
  return r;
}

function length(s, limit) {
  n = 0;
  probe = "";
  while (n < limit) {
    if (probe == s) {
      return n;
    }
    probe = probe + "x";
    n = n + 1;
  }
  return 0 - 1;
}

function nothing() {
}

function main() {
  i = 1;
  while (i <= 5) {
    println(repeat(" ", 5 - i) + repeat("*", 2 * i - 1));
    i = i + 1;
  }
  println("mixed: " + 1 + (1 < 2) + nothing() + repeat + 99999999999999999999);
  list = "";
  i = 0;
  while (i < 20) {
    if (i > 0) {
      list = list + ",";
    }
    list = list + i * i;
    i = i + 1;
  }
  println(list);
  big = "";
  i = 0;
  while (i < 1000) {
    big = big + "xxxxxxxxxx";
    i = i + 1;
  }
  println("length: " + length(big, 20000));
  return repeat("ab", 3) + "!";
}
