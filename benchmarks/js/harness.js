// What every JavaScript benchmark shares: the iteration count from stdin, the AWFY random
// generator, and the timing loop with its verification line. Plain Node.js.
"use strict";

// The lines of stdin (read once).
let stdinLines = null;
function inputLine(k) {
  if (stdinLines === null) {
    try { stdinLines = require("fs").readFileSync(0, "utf8").split("\n"); } catch (e) { stdinLines = []; }
  }
  return (stdinLines[k] || "").trim();
}

// The number of iterations: the first line of stdin, or `dflt`.
function readSize(dflt) {
  const n = parseInt(inputLine(0), 10);
  return Number.isNaN(n) ? dflt : n;
}

// The AWFY random generator.
function newRandom() { return { seed: 74755 }; }

function nextRandom(r) {
  r.seed = ((r.seed * 1309) + 13849) & 65535;
  return r.seed;
}

// Runs `benchmark` as many times as stdin says and prints `NAME: ok RESULT` when every run
// returned `expected` (else `NAME: FAIL RESULT`). With a second stdin line `timed`, then
// prints each iteration's time as `@iteration-ns N` (benchmarks/run.py --warmup reads them).
function run(name, benchmark, expected) {
  const n = readSize(1);
  const timed = inputLine(1) === "timed";
  const times = [];
  let ok = true;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    r = benchmark();
    times.push(process.hrtime.bigint() - t0);
    if (r !== expected) ok = false;
  }
  console.log(name + (ok ? ": ok " : ": FAIL ") + r);
  if (timed) console.log(times.map((t) => "@iteration-ns " + t).join("\n"));
}

module.exports = { readSize, newRandom, nextRandom, run };
