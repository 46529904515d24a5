/* A String result of main is printed as its characters. */
function main() {
  return "result " + "string";
}
