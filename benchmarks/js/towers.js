// Towers (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

function pushDisk(t, disk, pile) {
  const top = t.piles[pile];
  if (top !== null && disk.size >= top.size) {
    throw new Error("Cannot put a big disk on a smaller one");
  }
  disk.next = top;
  t.piles[pile] = disk;
}

function popDiskFrom(t, pile) {
  const top = t.piles[pile];
  if (top === null) throw new Error("Attempting to remove a disk from an empty pile");
  t.piles[pile] = top.next;
  top.next = null;
  return top;
}

function moveTopDisk(t, fromPile, toPile) {
  pushDisk(t, popDiskFrom(t, fromPile), toPile);
  t.movesDone++;
}

function buildTowerAt(t, pile, disks) {
  for (let i = disks; i >= 0; i--) pushDisk(t, { size: i, next: null }, pile);
}

function moveDisks(t, disks, fromPile, toPile) {
  if (disks === 1) {
    moveTopDisk(t, fromPile, toPile);
  } else {
    const otherPile = (3 - fromPile) - toPile;
    moveDisks(t, disks - 1, fromPile, otherPile);
    moveTopDisk(t, fromPile, toPile);
    moveDisks(t, disks - 1, otherPile, toPile);
  }
}

function benchmark() {
  const t = { piles: [null, null, null], movesDone: 0 };
  buildTowerAt(t, 0, 13);
  moveDisks(t, 13, 0, 1);
  return t.movesDone;
}

harness.run("Towers", benchmark, 8191);
