/* Number keys are converted to their decimal string: o[1] and o["1"] are one property; big and negative numbers too. */
function main() {
  o = new();
  o[1] = "one";
  println(o["1"]);
  o["2"] = "two";
  println(o[2]);
  println(o[1 + 1]);
  o["01"] = "zero-one";
  println(o[1]);
  println(o["01"]);
  o[0 - 5] = "minus five";
  println(o["-5"]);
  o[99999999999999999999] = "big";
  println(o["99999999999999999999"]);
  o["18446744073709551616"] = "two to the 64";
  println(o[4294967296 * 4294967296]);
  o[10] = "ten";
  println(o["1" + "0"]);
  println(o["" + 10]);
  o["3"] = 3;
  o[3] = o[3] + 1;
  println(o["3"]);
}
