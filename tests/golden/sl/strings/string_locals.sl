/* Strings stored in variables, passed to and returned from functions, and compared. */
function greet(name) {
  return "Hello, " + name + "!";
}

function main() {
  who = "SL";
  msg = greet(who);
  println(msg);
  println(greet("world"));
  println(greet(""));
  println(greet(42));
  return msg + " (" + msg + ")";
}
