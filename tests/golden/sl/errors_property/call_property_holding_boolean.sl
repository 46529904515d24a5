/* Calling a property value that is a Boolean: Undefined function: true. */
function main() {
  o = new();
  o.f = 1 < 2;
  println(o.f);
  o.f(1);
}
