// Bounce (Are-We-Fast-Yet): 100 balls bouncing in a box for 50 steps.
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

// The AWFY random generator: seed = ((seed * 1309) + 13849) & 65535.
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

function mod(x, m) {
  return x - (x / m) * m;
}

function abs(x) {
  if (x < 0) { return 0 - x; }
  return x;
}

function newBall(random) {
  b = new();
  b.x = mod(nextRandom(random), 500);
  b.y = mod(nextRandom(random), 500);
  b.xVel = mod(nextRandom(random), 300) - 150;
  b.yVel = mod(nextRandom(random), 300) - 150;
  return b;
}

function bounce(b) {
  xLimit = 500;
  yLimit = 500;
  bounced = 1 == 0;
  b.x = b.x + b.xVel;
  b.y = b.y + b.yVel;
  if (b.x > xLimit) {
    b.x = xLimit;
    b.xVel = 0 - abs(b.xVel);
    bounced = 1 == 1;
  }
  if (b.x < 0) {
    b.x = 0;
    b.xVel = abs(b.xVel);
    bounced = 1 == 1;
  }
  if (b.y > yLimit) {
    b.y = yLimit;
    b.yVel = 0 - abs(b.yVel);
    bounced = 1 == 1;
  }
  if (b.y < 0) {
    b.y = 0;
    b.yVel = abs(b.yVel);
    bounced = 1 == 1;
  }
  return bounced;
}

function benchmark() {
  random = newRandom();
  ballCount = 100;
  bounces = 0;
  balls = new();
  i = 0;
  while (i < ballCount) {
    balls[i] = newBall(random);
    i = i + 1;
  }
  i = 0;
  while (i < 50) {
    j = 0;
    while (j < ballCount) {
      if (bounce(balls[j])) { bounces = bounces + 1; }
      j = j + 1;
    }
    i = i + 1;
  }
  return bounces;
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
    if (r != 1331) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("Bounce: ok " + r); } else { println("Bounce: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
