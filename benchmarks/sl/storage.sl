// Storage (Are-We-Fast-Yet): build a tree of arrays of depth 7 (5461 arrays) to stress
// allocation and the collector.
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

function newRandom() {
  r = new();
  r.seed = 74755;
  return r;
}

function nextRandom(r) {
  x = (r.seed * 1309) + 13849;
  r.seed = x - (x / 65536) * 65536;
  return r.seed;
}

// An array of n elements, all 0 (AWFY allocates new Array(n)).
function newArray(n) {
  a = new();
  i = 0;
  while (i < n) {
    a[i] = 0;
    i = i + 1;
  }
  return a;
}

function buildTreeDepth(s, depth, random) {
  s.count = s.count + 1;
  if (depth == 1) {
    x = nextRandom(random);
    return newArray(x - (x / 10) * 10 + 1);
  }
  arr = newArray(4);
  i = 0;
  while (i < 4) {
    arr[i] = buildTreeDepth(s, depth - 1, random);
    i = i + 1;
  }
  return arr;
}

function benchmark() {
  s = new();
  s.count = 0;
  random = newRandom();
  buildTreeDepth(s, 7, random);
  return s.count;
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
    if (r != 5461) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Storage: ok " + r); } else { println("Storage: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
