/* An error raised inside an inlined call has the message and location it has anywhere else. */
function check(x) {
  return x - 1;
}

function run(n, last) {
  i = 0;
  while (i < n) {
    check(i);
    i = i + 1;
  }
  println("checked " + i);
  return check(last);
}

function main() {
  println(run(100, 7));
  println(run(100, "seven"));
}
