// Queens (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

function getRowColumn(q, r, c) {
  return q.freeRows[r] && q.freeMaxs[c + r] && q.freeMins[c - r + 7];
}

function setRowColumn(q, r, c, v) {
  q.freeRows[r] = v;
  q.freeMaxs[c + r] = v;
  q.freeMins[c - r + 7] = v;
}

function placeQueen(q, c) {
  for (let r = 0; r < 8; r++) {
    if (getRowColumn(q, r, c)) {
      q.queenRows[r] = c;
      setRowColumn(q, r, c, false);
      if (c === 7) return true;
      if (placeQueen(q, c + 1)) return true;
      setRowColumn(q, r, c, true);
    }
  }
  return false;
}

function queens() {
  const q = {
    freeRows: new Array(8).fill(true),
    freeMaxs: new Array(16).fill(true),
    freeMins: new Array(16).fill(true),
    queenRows: new Array(8).fill(-1),
  };
  return placeQueen(q, 0);
}

function benchmark() {
  let result = true;
  for (let i = 0; i < 10; i++) result = result && queens();
  return result;
}

harness.run("Queens", benchmark, true);
