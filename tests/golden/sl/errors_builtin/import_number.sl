/* import with a Number: builtin type error "import". */
function main() {
  println(import("fine"));
  import(12);
}
