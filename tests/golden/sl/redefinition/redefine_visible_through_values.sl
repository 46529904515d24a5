/* References taken before a redefinition (variables, parameters, properties) call the new code; identity is kept. */
function f() {
  return "old f";
}

function newText() {
  return "new f";
}

function call(fn) {
  return fn();
}

function main() {
  h = f;
  o = new();
  o.fn = f;
  println(h());
  println(call(f));
  println(o.fn());
  println(call(h));
  defineFunction("function f() { return newText(); }");
  println(h());
  println(call(f));
  println(o.fn());
  println(call(h));
  println(h == f);
  println(o.fn == h);
  println(h);
}
