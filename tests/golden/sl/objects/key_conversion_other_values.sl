/* Booleans, NULL and function values as keys: converted to "true"/"false", "NULL" and the function's name. */
function nothing() {
}

function f() {
  return "called f";
}

function main() {
  o = new();
  o[1 < 2] = "yes";
  println(o["true"]);
  println(o.true);
  println(o[true]);
  o[2 < 1] = "no";
  println(o.false);
  o[nothing()] = "null key";
  println(o.NULL);
  println(o["NULL"]);
  o[f] = "key f";
  println(o.f);
  println(o["f"]);
  o[println] = "key println";
  println(o["println"]);
  o[undefinedName] = "key of an undefined function";
  println(o.undefinedName);
  o.g = f;
  println(o[o.g]);
  o.true = "overwritten";
  println(o[3 > 1]);
}
