/* Without a local hello in the caller nothing changes: hello still names a function value. Only the direct caller is affected. */
function setter() {
  return helloEqualsWorld();
}

function main() {
  println(helloEqualsWorld());
  println(hello);
  println(isExecutable(hello));
  hello2 = "x";
  helloEqualsWorld();
  println(hello2);
  println(inner());
}

function inner() {
  hello = "inner's own";
  r = setter();
  println(r);
  return hello;
}
