/* An if condition that is NULL fails. */
function nothing() {
}

function main() {
  if (nothing()) {
  } else {
    println("not reached");
  }
}
