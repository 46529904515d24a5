/* The launcher prints main's non-NULL result after the program's own output. */
function main() {
  println("start");
  return 6 * 7;
}
