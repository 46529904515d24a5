/* o.a.b = v where o.a holds a Number: the write fails with the key b. */
function main() {
  o = new();
  o.a = 1;
  o.a = o.a + 1;
  println(o.a);
  o.a.b = 2;
}
