/* readln returns the next line of stdin without its line terminator, as a String. */
function main() {
  a = readln();
  b = readln();
  println("first: " + a);
  println("second: " + b);
  println(a + b);
  println(readln() == "3");
  println("[" + readln() + "]");
}
