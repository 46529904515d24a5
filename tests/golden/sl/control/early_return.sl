/* return leaves the function immediately, also from inside nested loops and ifs. */
function find(target) {
  i = 0;
  while (i < 10) {
    j = 0;
    while (j < 10) {
      if (i * j == target) {
        return i + "*" + j;
      }
      j = j + 1;
    }
    i = i + 1;
  }
  return "none";
}

function firstNegative(a, b, c) {
  if (a < 0) {
    return a;
  }
  if (b < 0) {
    return b;
  }
  if (c < 0) {
    return c;
  }
}

function main() {
  println(find(12));
  println(find(0));
  println(find(81));
  println(find(83));
  println(firstNegative(1, 0 - 2, 0 - 3));
  println(firstNegative(1, 2, 3));
  return "end";
  println("unreachable");
}
