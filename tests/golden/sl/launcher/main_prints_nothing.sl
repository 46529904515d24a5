/* A program whose main prints nothing and returns NULL has empty output. */
function main() {
  x = 1 + 2;
}
