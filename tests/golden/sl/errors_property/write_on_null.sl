/* Writing a property of NULL (e.g. a missing argument) is an error. */
function setField(target) {
  target.field = 1;
  return target;
}

function main() {
  o = setField(new());
  println(o.field);
  setField();
}
