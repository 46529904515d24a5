/* break must be lexically inside a while of the same function; being called from a loop does not count. */
function stop() {
  break;
}

function main() {
  i = 0;
  while (i < 1) {
    i = i + 1;
    stop();
  }
}
