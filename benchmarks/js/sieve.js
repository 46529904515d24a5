// Sieve (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
function readSize(dflt) {
  let s = "";
  try { s = require("fs").readFileSync(0, "utf8").split("\n")[0].trim(); } catch (e) { s = ""; }
  const n = parseInt(s, 10);
  return Number.isNaN(n) ? dflt : n;
}

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

const n = readSize(1);
let ok = true;
let r = 0;
for (let i = 0; i < n; i++) {
  r = benchmark();
  if (r !== 669) ok = false;
}
console.log(ok ? "Sieve: ok " + r : "Sieve: FAIL " + r);
