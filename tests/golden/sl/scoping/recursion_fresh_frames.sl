/* Every call has its own variables: recursive calls do not clobber the caller's locals. */
function depth(n) {
  mine = n * 10;
  if (n > 0) {
    depth(n - 1);
  }
  println("n=" + n + " mine=" + mine);
}

function sumList(n) {
  if (n == 0) {
    return 0;
  }
  here = n;
  rest = sumList(n - 1);
  return here + rest;
}

function main() {
  depth(3);
  println(sumList(100));
}
