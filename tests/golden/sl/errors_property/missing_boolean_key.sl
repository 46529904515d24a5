/* A missing property read with a Boolean key reports true or false. */
function main() {
  o = new();
  o[1 < 2] = "yes";
  println(o.true);
  println(o[1 > 2]);
}
