/* helloEqualsWorld() called from an inlined function rewrites that function's hello, not its
   caller's. */
function greet() {
  hello = 1;
  helloEqualsWorld();
  return hello;
}

function run(n) {
  hello = "run";
  i = 0;
  r = 0;
  while (i < n) {
    r = greet();
    i = i + 1;
  }
  return r + " " + hello;
}

function main() {
  println(run(3));
  println(run(100));
}
