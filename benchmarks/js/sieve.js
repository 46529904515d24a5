// Sieve (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

function sieve(flags, size) {
  let primeCount = 0;
  for (let i = 2; i <= size; i++) {
    if (flags[i - 1]) {
      primeCount++;
      let k = i + i;
      while (k <= size) {
        flags[k - 1] = false;
        k += i;
      }
    }
  }
  return primeCount;
}

function benchmark() {
  const flags = new Array(5000).fill(true);
  return sieve(flags, 5000);
}

harness.run("Sieve", benchmark, 669);
