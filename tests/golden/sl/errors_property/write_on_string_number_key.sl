/* Writing a property of a String with a Number key: the key is rendered in decimal. */
function main() {
  s = "abc";
  s[2] = "z";
}
