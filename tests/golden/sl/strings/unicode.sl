/* Source is UTF-8; non-ASCII characters in string literals print unchanged. */
function main() {
  println("héllo wörld");
  println("π ≈ " + 3);
  println("日本" + "語");
}
