/* isInstance with a String instead of a type object: builtin type error listing both arguments. */
function main() {
  println(isInstance(typeOf(1), 1));
  isInstance("Number", 1);
}
