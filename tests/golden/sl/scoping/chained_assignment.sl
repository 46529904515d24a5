/* Assignment is an expression yielding the assigned value: x = y = 5, and assignments inside expressions. */
function main() {
  x = y = 5;
  println(x);
  println(y);
  a = b = c = "s";
  println(a + b + c);
  println(z = 3);
  println(z);
  w = (v = 4) * 2;
  println(v + " " + w);
  println((p = 1) + (p = p + 1) + p);
  q = 1 + 2;
  println(q);
}
