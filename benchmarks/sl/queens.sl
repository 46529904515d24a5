// Queens (Are-We-Fast-Yet): place eight queens on a chess board, ten times per iteration.
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

function filled(n, v) {
  a = new();
  i = 0;
  while (i < n) {
    a[i] = v;
    i = i + 1;
  }
  return a;
}

function getRowColumn(q, r, c) {
  return q.freeRows[r] && q.freeMaxs[c + r] && q.freeMins[c - r + 7];
}

function setRowColumn(q, r, c, v) {
  q.freeRows[r] = v;
  q.freeMaxs[c + r] = v;
  q.freeMins[c - r + 7] = v;
}

function placeQueen(q, c) {
  r = 0;
  while (r < 8) {
    if (getRowColumn(q, r, c)) {
      q.queenRows[r] = c;
      setRowColumn(q, r, c, 1 == 0);
      if (c == 7) { return 1 == 1; }
      if (placeQueen(q, c + 1)) { return 1 == 1; }
      setRowColumn(q, r, c, 1 == 1);
    }
    r = r + 1;
  }
  return 1 == 0;
}

function queens() {
  q = new();
  q.freeRows = filled(8, 1 == 1);
  q.freeMaxs = filled(16, 1 == 1);
  q.freeMins = filled(16, 1 == 1);
  q.queenRows = filled(8, 0 - 1);
  return placeQueen(q, 0);
}

function benchmark() {
  result = 1 == 1;
  i = 0;
  while (i < 10) {
    result = result && queens();
    i = i + 1;
  }
  return result;
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
    if (r != (1 == 1)) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Queens: ok " + r); } else { println("Queens: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
