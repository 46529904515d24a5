/* A missing property read with a function value as key reports the function's name. */
function main() {
  o = new();
  o.main = 1;
  println(o[main]);
  println(o[someFunction]);
}
