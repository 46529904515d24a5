/* A missing property read inside evaluated code: Undefined property: KEY. */
function main() {
  eval("sl", "function main() { o = new(); o.a = 1; println(o.a); return o.b; }");
}
