/* exit(0) deep inside calls and a loop: status 0, output so far stays, the rest does not run. */
function work(n) {
  if (n == 5) {
    exit(0);
  }
  println("work " + n);
}

function main() {
  i = 0;
  while (i < 10) {
    work(i);
    i = i + 1;
  }
  println("not reached");
}
