// Towers (Are-We-Fast-Yet): the towers of Hanoi with 13 disks kept as linked stacks.
// stdin: one line, the number of iterations (see benchmarks/README.md).

function parseSize(s, dflt) {
  if (s == "") { return dflt; }
  n = 0;
  while (n < 10000000) {
    if ("" + n == s) { return n; }
    n = n + 1;
  }
  return dflt;
}

function nil() {}

function pushDisk(t, disk, pile) {
  top = t.piles[pile];
  if (isNull(top) == (1 == 0)) {
    if (disk.size >= top.size) {
      println("Cannot put a big disk on a smaller one");
      exit(1);
    }
  }
  disk.next = top;
  t.piles[pile] = disk;
}

function popDiskFrom(t, pile) {
  top = t.piles[pile];
  if (isNull(top)) {
    println("Attempting to remove a disk from an empty pile");
    exit(1);
  }
  t.piles[pile] = top.next;
  top.next = nil();
  return top;
}

function moveTopDisk(t, fromPile, toPile) {
  pushDisk(t, popDiskFrom(t, fromPile), toPile);
  t.movesDone = t.movesDone + 1;
}

function buildTowerAt(t, pile, disks) {
  i = disks;
  while (i >= 0) {
    disk = new();
    disk.size = i;
    disk.next = nil();
    pushDisk(t, disk, pile);
    i = i - 1;
  }
}

function moveDisks(t, disks, fromPile, toPile) {
  if (disks == 1) {
    moveTopDisk(t, fromPile, toPile);
  } else {
    otherPile = (3 - fromPile) - toPile;
    moveDisks(t, disks - 1, fromPile, otherPile);
    moveTopDisk(t, fromPile, toPile);
    moveDisks(t, disks - 1, otherPile, toPile);
  }
}

function benchmark() {
  t = new();
  t.piles = new();
  t.piles[0] = nil();
  t.piles[1] = nil();
  t.piles[2] = nil();
  t.movesDone = 0;
  buildTowerAt(t, 0, 13);
  moveDisks(t, 13, 0, 1);
  return t.movesDone;
}

// With a second input line `timed`: each iteration's time in ns, one `@iteration-ns N` line
// each after the verification line (benchmarks/run.py --warmup reads them).
function printTimes(times, n) {
  j = 0;
  while (j < n) {
    println("@iteration-ns " + times[j]);
    j = j + 1;
  }
}

function main() {
  n = parseSize(readln(), 1);
  timed = readln() == "timed";
  times = new();
  ok = 1 == 1;
  r = 0;
  i = 0;
  while (i < n) {
    t0 = nanoTime();
    r = benchmark();
    times[i] = nanoTime() - t0;
    if (r != 8191) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Towers: ok " + r); } else { println("Towers: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
