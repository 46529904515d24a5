// Integer keys from 0 up are elements; o[1] and o["1"] are one property (spec §9).
function nothing() {}
function main() {
  o = new();
  i = 0;
  while (i < 10) { o[i] = i * i; i = i + 1; }
  println(o["3"]);
  o["5"] = "five";
  println(o[5]);
  println(o[2 + 2]);
  o[10] = "appended";
  println(o["10"]);
  o["007"] = "not seven";
  println(o[7]);
  println(o["007"]);
  o[0 - 1] = "minus one";
  println(o["-1"]);
  o[true] = "t";
  println(o["true"]);
  o[null] = "function named null";
  println(o["null"]);
  o[nothing()] = "NULL value";
  println(o["NULL"]);
  o[9223372036854775807 + 1] = "big";
  println(o["9223372036854775808"]);
  o.x = "named";
  println(o["x"] + o[0] + o[9]);
}
