/* A type error after several loop iterations; the loop's earlier output stays. */
function main() {
  i = 0;
  v = 1;
  while (i < 5) {
    println(v);
    if (i == 2) {
      v = "str";
    }
    v = v * 2;
    i = i + 1;
  }
}
