/* defineFunction called through a variable with a Boolean: Type error ... for Boolean true. */
function main() {
  d = defineFunction;
  d("function ok() { return 1; }");
  println(ok());
  d(ok() == 1);
}
