// List (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

function listLength(e) {
  if (e.next === null) return 1;
  return 1 + listLength(e.next);
}

function makeList(length) {
  if (length === 0) return null;
  const e = { val: length, next: null };
  e.next = makeList(length - 1);
  return e;
}

function isShorterThan(x, y) {
  let xTail = x;
  let yTail = y;
  while (yTail !== null) {
    if (xTail === null) return true;
    xTail = xTail.next;
    yTail = yTail.next;
  }
  return false;
}

function tail(x, y, z) {
  if (isShorterThan(y, x)) {
    return tail(tail(x.next, y, z), tail(y.next, z, x), tail(z.next, x, y));
  }
  return z;
}

function benchmark() {
  return listLength(tail(makeList(15), makeList(10), makeList(6)));
}

harness.run("List", benchmark, 10);
