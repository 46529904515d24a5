/* isInstance with a function as first argument (typeOf itself, not typeOf(...)). */
function main() {
  isInstance(typeOf, 1 < 2);
}
