/* Calling a String: the message shows its raw characters, without quotes. */
function main() {
  s = "not a function";
  s();
}
