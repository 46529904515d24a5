/* Many call levels inside loops (70000 calls in total) so that calls get compiled. */
function inc(x) {
  return x + 1;
}

function twoInc(x) {
  return inc(inc(x));
}

function fourInc(x) {
  return twoInc(twoInc(x));
}

function main() {
  i = 0;
  acc = 0;
  while (i < 10000) {
    acc = fourInc(acc) - 3;
    i = i + 1;
  }
  return acc;
}
