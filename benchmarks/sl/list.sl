// List (Are-We-Fast-Yet): the recursive "tail" function (Takeuchi on linked lists).
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

function listLength(e) {
  if (isNull(e.next)) { return 1; }
  return 1 + listLength(e.next);
}

function makeList(length) {
  if (length == 0) { return nil(); }
  e = new();
  e.val = length;
  e.next = makeList(length - 1);
  return e;
}

function isShorterThan(x, y) {
  xTail = x;
  yTail = y;
  while (isNull(yTail) == (1 == 0)) {
    if (isNull(xTail)) { return 1 == 1; }
    xTail = xTail.next;
    yTail = yTail.next;
  }
  return 1 == 0;
}

function tail(x, y, z) {
  if (isShorterThan(y, x)) {
    return tail(tail(x.next, y, z), tail(y.next, z, x), tail(z.next, x, y));
  }
  return z;
}

function benchmark() {
  result = tail(makeList(15), makeList(10), makeList(6));
  return listLength(result);
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
    if (r != 10) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("List: ok " + r); } else { println("List: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
