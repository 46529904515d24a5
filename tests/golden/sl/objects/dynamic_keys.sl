/* Keys built at run time with +: o["k" + i]; numeric keys and their string forms meet. */
function main() {
  o = new();
  i = 0;
  while (i < 10) {
    o["k" + i] = i * i;
    o[i] = "n" + i;
    i = i + 1;
  }
  sum = 0;
  i = 0;
  while (i < 10) {
    sum = sum + o["k" + i];
    i = i + 1;
  }
  println(sum);
  println(o.k7);
  println(o["" + 7]);
  println(o[3 + 4]);
  println(o["k" + 3 * 3]);
  prefix = "k";
  println(o[prefix + (2 + 3)]);
  o.k23 = "k, 2 and 3 concatenated";
  println(o[prefix + 2 + 3]);
}
