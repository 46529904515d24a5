/* isInstance(type, value) for every type object against values of every kind, including a type object as value. */
function nothing() {
}

function main() {
  values = new();
  values[0] = 5;
  values[1] = 98765432109876543210;
  values[2] = "str";
  values[3] = 1 < 2;
  values[4] = nothing();
  values[5] = main;
  values[6] = undefinedFunction;
  values[7] = new();
  values[8] = typeOf(1);
  types = new();
  types[0] = typeOf(0);
  types[1] = typeOf("");
  types[2] = typeOf(1 > 2);
  types[3] = typeOf(nothing());
  types[4] = typeOf(println);
  types[5] = typeOf(new());
  names = new();
  names[0] = "Number";
  names[1] = "String";
  names[2] = "Boolean";
  names[3] = "NULL";
  names[4] = "Function";
  names[5] = "Object";
  println("columns: 5, big, str, bool, null, main, undefined, object, type object");
  t = 0;
  while (t < 6) {
    println(types[t]);
    line = names[t] + ":";
    v = 0;
    while (v < 9) {
      line = line + " " + isInstance(types[t], values[v]);
      v = v + 1;
    }
    println(line);
    t = t + 1;
  }
}
