/* A builtin type error lists the arguments truncated to the builtin's arity: the extra String is not shown. */
function main() {
  defineFunction(5, "function f() {}");
}
