// Storage (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
function readSize(dflt) {
  let s = "";
  try { s = require("fs").readFileSync(0, "utf8").split("\n")[0].trim(); } catch (e) { s = ""; }
  const n = parseInt(s, 10);
  return Number.isNaN(n) ? dflt : n;
}

function newRandom() { return { seed: 74755 }; }

function nextRandom(r) {
  r.seed = ((r.seed * 1309) + 13849) & 65535;
  return r.seed;
}

// An array of n elements, all 0 (AWFY allocates new Array(n)).
function newArray(n) {
  const a = new Array(n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

function buildTreeDepth(s, depth, random) {
  s.count++;
  if (depth === 1) return newArray((nextRandom(random) % 10) + 1);
  const arr = newArray(4);
  for (let i = 0; i < 4; i++) arr[i] = buildTreeDepth(s, depth - 1, random);
  return arr;
}

function benchmark() {
  const s = { count: 0 };
  buildTreeDepth(s, 7, newRandom());
  return s.count;
}

const n = readSize(1);
let ok = true;
let r = 0;
for (let i = 0; i < n; i++) {
  r = benchmark();
  if (r !== 5461) ok = false;
}
console.log(ok ? "Storage: ok " + r : "Storage: FAIL " + r);
