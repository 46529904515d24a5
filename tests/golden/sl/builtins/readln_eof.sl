/* At end of input readln returns the empty string, repeatedly; a last line without newline is still read. */
function main() {
  n = 0;
  line = readln();
  while (line != "") {
    n = n + 1;
    println(n + ": " + line);
    line = readln();
  }
  println("lines: " + n);
  println(readln() == "");
  println("[" + readln() + "]");
}
