/* Functions without a return value, with return; and with an empty body all return NULL. */
function empty() {
}

function bare() {
  return;
}

function fallsOff(x) {
  if (x) {
    return "returned";
  }
}

function main() {
  println(empty());
  println(bare());
  println(fallsOff(1 < 2));
  println(fallsOff(1 > 2));
  println(empty() == bare());
  println("[" + bare() + "]");
}
