/* Code read from stdin (so it can contain string literals) is evaluated; one program evaluates another in turn. */
function main() {
  a = readln();
  b = readln();
  println(eval("sl", a));
  println(eval("sl", b));
  println(greet("again"));
}
