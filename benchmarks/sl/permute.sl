// Permute (Are-We-Fast-Yet): generate all permutations of six elements by swapping.
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

function swap(p, i, j) {
  tmp = p.v[i];
  p.v[i] = p.v[j];
  p.v[j] = tmp;
}

function permute(p, n) {
  p.count = p.count + 1;
  if (n != 0) {
    n1 = n - 1;
    permute(p, n1);
    i = n1;
    while (i >= 0) {
      swap(p, n1, i);
      permute(p, n1);
      swap(p, n1, i);
      i = i - 1;
    }
  }
}

function benchmark() {
  p = new();
  p.count = 0;
  p.v = new();
  i = 0;
  while (i < 6) {
    p.v[i] = 0;
    i = i + 1;
  }
  permute(p, 6);
  return p.count;
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
    if (r != 8660) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Permute: ok " + r); } else { println("Permute: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
