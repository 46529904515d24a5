// Permute (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
function readSize(dflt) {
  let s = "";
  try { s = require("fs").readFileSync(0, "utf8").split("\n")[0].trim(); } catch (e) { s = ""; }
  const n = parseInt(s, 10);
  return Number.isNaN(n) ? dflt : n;
}

function swap(p, i, j) {
  const tmp = p.v[i];
  p.v[i] = p.v[j];
  p.v[j] = tmp;
}

function permute(p, n) {
  p.count++;
  if (n !== 0) {
    const n1 = n - 1;
    permute(p, n1);
    for (let i = n1; i >= 0; i--) {
      swap(p, n1, i);
      permute(p, n1);
      swap(p, n1, i);
    }
  }
}

function benchmark() {
  const p = { count: 0, v: new Array(6).fill(0) };
  permute(p, 6);
  return p.count;
}

const n = readSize(1);
let ok = true;
let r = 0;
for (let i = 0; i < n; i++) {
  r = benchmark();
  if (r !== 8660) ok = false;
}
console.log(ok ? "Permute: ok " + r : "Permute: FAIL " + r);
