/* Evaluated code can call functions of the program, and the program then calls functions the evaluated code defined. */
function twice(x) {
  return x * 2;
}

function main() {
  r = eval("sl", "function main() { return twice(10) + fromEval(1); } function fromEval(y) { return twice(y) + 100; }");
  println(r);
  println(fromEval(5));
}
