/* isInstance with one Number argument: the missing second argument is listed as NULL. */
function main() {
  isInstance(5);
}
