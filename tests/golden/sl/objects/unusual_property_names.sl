/* Property names: any identifier after the dot (including true, null, builtin names), any string in brackets. */
function main() {
  o = new();
  o.$x = 1;
  o._ = 2;
  o.true = 3;
  o.null = 4;
  o.println = 5;
  o.new = 6;
  o["a b"] = 7;
  o[""] = 8;
  o["é"] = 9;
  o["+"] = 10;
  println(o["$x"] + o["_"] + o["true"] + o["null"] + o["println"] + o["new"]);
  println(o["a b"] + o[""] + o["é"] + o["+"]);
  println(o.$x * o._);
  println("println still prints");
  main = 11;
  println(main);
}
