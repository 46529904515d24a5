// Storage (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

const { newRandom, nextRandom } = harness;

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

harness.run("Storage", benchmark, 5461);
