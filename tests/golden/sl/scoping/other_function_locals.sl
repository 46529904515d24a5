/* Locals are per function: a caller's variable name read in the callee is a function value. */
function reader() {
  println(secret);
}

function writer() {
  secret = "writer's";
  return secret;
}

function main() {
  secret = "main's";
  reader();
  println(writer());
  println(secret);
}
