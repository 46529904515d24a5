/* "-" on two (undefined) function values fails; both render as Function NAME. */
function main() {
  println(foo);
  println(foo - bar);
}
