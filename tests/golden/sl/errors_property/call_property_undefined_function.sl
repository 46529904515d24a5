/* A property holding an undefined function value: printing works, calling fails with its name. */
function main() {
  o = new();
  o.f = notDefinedAnywhere;
  println(o.f);
  println(isExecutable(o.f));
  o.f(1, 2);
}
