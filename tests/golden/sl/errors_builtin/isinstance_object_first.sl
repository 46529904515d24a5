/* isInstance with an object as first argument: both arguments render as Object Object. */
function main() {
  o = new();
  isInstance(o, o);
}
