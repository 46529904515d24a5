/* The file ends inside a block: the offending token is end of input, on the line after the last newline. */
function main() {
  x = 1;
