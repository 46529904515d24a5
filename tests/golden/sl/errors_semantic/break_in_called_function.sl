/* break must be lexically inside a while of the same function; being called from a loop does not count. */
function stop() {
  break;
}

function main() {
  while (1 < 2) {
    stop();
  }
}
