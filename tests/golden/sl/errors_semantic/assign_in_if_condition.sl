/* An invalid assignment target inside an if condition. */
function f() {
}

function main() {
  if (f() = (1 < 2)) {
    println("never printed");
  }
}
