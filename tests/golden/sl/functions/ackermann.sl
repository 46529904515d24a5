/* Ackermann function for small arguments (deeply nested recursion). */
function ack(m, n) {
  if (m == 0) {
    return n + 1;
  }
  if (n == 0) {
    return ack(m - 1, 1);
  }
  return ack(m - 1, ack(m, n - 1));
}

function main() {
  println(ack(0, 0));
  println(ack(1, 2));
  println(ack(2, 3));
  println(ack(3, 3));
  println(ack(3, 4));
}
