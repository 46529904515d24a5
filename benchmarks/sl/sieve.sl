// Sieve (Are-We-Fast-Yet): count the primes up to 5000 with the sieve of Eratosthenes.
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

function sieve(flags, size) {
  primeCount = 0;
  i = 2;
  while (i <= size) {
    if (flags[i - 1]) {
      primeCount = primeCount + 1;
      k = i + i;
      while (k <= size) {
        flags[k - 1] = 1 == 0;
        k = k + i;
      }
    }
    i = i + 1;
  }
  return primeCount;
}

function benchmark() {
  flags = new();
  i = 0;
  while (i < 5000) {
    flags[i] = 1 == 1;
    i = i + 1;
  }
  return sieve(flags, 5000);
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
    if (r != 669) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Sieve: ok " + r); } else { println("Sieve: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
