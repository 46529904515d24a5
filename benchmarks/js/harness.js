// What every JavaScript benchmark shares: the iteration count from stdin, the AWFY random
// generator, and the timing loop with its verification line. Plain Node.js.
"use strict";

// The number of iterations: the first line of stdin, or `dflt`.
function readSize(dflt) {
  let s = "";
  try { s = require("fs").readFileSync(0, "utf8").split("\n")[0].trim(); } catch (e) { s = ""; }
  const n = parseInt(s, 10);
  return Number.isNaN(n) ? dflt : n;
}

// The AWFY random generator.
function newRandom() { return { seed: 74755 }; }

function nextRandom(r) {
  r.seed = ((r.seed * 1309) + 13849) & 65535;
  return r.seed;
}

// Runs `benchmark` as many times as stdin says and prints `NAME: ok RESULT` when every run
// returned `expected` (else `NAME: FAIL RESULT`).
function run(name, benchmark, expected) {
  const n = readSize(1);
  let ok = true;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r = benchmark();
    if (r !== expected) ok = false;
  }
  console.log(name + (ok ? ": ok " : ": FAIL ") + r);
}

module.exports = { readSize, newRandom, nextRandom, run };
