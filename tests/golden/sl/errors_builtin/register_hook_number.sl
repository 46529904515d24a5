/* registerShutdownHook with a Number: builtin type error "registerShutdownHook". */
function main() {
  registerShutdownHook(1);
}
