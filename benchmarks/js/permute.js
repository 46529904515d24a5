// Permute (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

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

harness.run("Permute", benchmark, 8660);
