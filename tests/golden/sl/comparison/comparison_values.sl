/* Comparison results are Booleans that can be stored, printed, returned and used in conditions. */
function less(a, b) {
  return a < b;
}

function main() {
  x = 1 < 2;
  y = 2 < 1;
  println(x);
  println(y);
  println(less(3, 4));
  if (less(5, 4)) {
    println("wrong");
  } else {
    println("right");
  }
  println(1 + 2 < 2 + 2);
  println(2 * 3 >= 6);
  println(10 / 3 == 3);
  return 7 > 3;
}
