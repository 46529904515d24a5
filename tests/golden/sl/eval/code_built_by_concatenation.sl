/* Code built at run time by concatenation: evaluate functions generated in a loop. */
function main() {
  i = 1;
  while (i <= 5) {
    eval("sl", "function gen" + i + "(x) { return x * " + i + "; }");
    i = i + 1;
  }
  println(gen1(10) + gen2(10) + gen3(10) + gen4(10) + gen5(10));
  total = 0;
  i = 1;
  while (i <= 5) {
    total = total + eval("sl", "function main() { return gen" + i + "(" + i + "); }");
    i = i + 1;
  }
  println(total);
}
