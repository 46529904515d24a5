/* A parameter named hello is a local of the caller and is rewritten too, also when the argument was missing. */
function greet(hello, other) {
  helloEqualsWorld();
  return "hello " + hello + ", other " + other;
}

function main() {
  println(greet("there", 1));
  println(greet());
  h = "mine";
  println(greet(h, h));
  println(h);
}
