/* A syntax error anywhere in the file means no function runs: main's output never appears. */
function main() {
  println("must not be printed");
  return helper();
}

function helper() {
  n = 1;
  m = -n;
  return m;
}
