// Richards (Are-We-Fast-Yet): Martin Richards' operating-system task scheduler simulation.
// Tasks are objects whose `fn` property holds the task function, called as
// `t.fn(scheduler, packet, t.handle)`. The task-state flags are the numbers 0 and 1.
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

function present(x) {
  if (isNull(x)) { return 1 == 0; }
  return 1 == 1;
}

// Bitwise exclusive or of two non-negative numbers (SL has no bit operators).
function xor(a, b) {
  r = 0;
  bit = 1;
  while (a > 0 || b > 0) {
    if (a - (a / 2) * 2 != b - (b / 2) * 2) { r = r + bit; }
    a = a / 2;
    b = b / 2;
    bit = bit * 2;
  }
  return r;
}

// Task identities: IDLER 0, WORKER 1, HANDLER_A 2, HANDLER_B 3, DEVICE_A 4, DEVICE_B 5.
// Packet kinds: DEVICE_PACKET_KIND 0, WORK_PACKET_KIND 1. DATA_SIZE 4.

function append(packet, queueHead) {
  packet.link = nil();
  if (isNull(queueHead)) { return packet; }
  mouse = queueHead;
  link = mouse.link;
  while (present(link)) {
    mouse = link;
    link = mouse.link;
  }
  mouse.link = packet;
  return queueHead;
}

function createPacket(link, identity, kind) {
  p = new();
  p.link = link;
  p.identity = identity;
  p.kind = kind;
  p.datum = 0;
  p.data = new();
  i = 0;
  while (i < 4) {
    p.data[i] = 0;
    i = i + 1;
  }
  return p;
}

function createTask(s, identity, priority, work, pp, tw, th, handle, fn) {
  t = new();
  t.link = s.taskList;
  t.identity = identity;
  t.priority = priority;
  t.input = work;
  t.packetPending = pp;
  t.taskWaiting = tw;
  t.taskHolding = th;
  t.handle = handle;
  t.fn = fn;
  s.taskList = t;
  s.taskTable[identity] = t;
}

function addInputAndCheckPriority(t, packet, oldTask) {
  if (isNull(t.input)) {
    t.input = packet;
    t.packetPending = 1;
    if (t.priority > oldTask.priority) { return t; }
  } else {
    t.input = append(packet, t.input);
  }
  return oldTask;
}

function runTask(s, t) {
  message = nil();
  if (t.packetPending == 1 && t.taskWaiting == 1 && t.taskHolding == 0) {
    message = t.input;
    t.input = message.link;
    if (isNull(t.input)) {
      t.packetPending = 0;
      t.taskWaiting = 0;
      t.taskHolding = 0;
    } else {
      t.packetPending = 1;
      t.taskWaiting = 0;
      t.taskHolding = 0;
    }
  }
  return t.fn(s, message, t.handle);
}

function findTask(s, identity) {
  t = s.taskTable[identity];
  if (isNull(t)) {
    println("findTask failed");
    exit(1);
  }
  return t;
}

function holdSelf(s) {
  s.holdCount = s.holdCount + 1;
  s.currentTask.taskHolding = 1;
  return s.currentTask.link;
}

function markWaiting(s) {
  s.currentTask.taskWaiting = 1;
  return s.currentTask;
}

function queuePacket(s, packet) {
  task = findTask(s, packet.identity);
  s.queuePacketCount = s.queuePacketCount + 1;
  packet.link = nil();
  packet.identity = s.currentTaskIdentity;
  return addInputAndCheckPriority(task, packet, s.currentTask);
}

function release(s, identity) {
  task = findTask(s, identity);
  task.taskHolding = 0;
  if (task.priority > s.currentTask.priority) { return task; }
  return s.currentTask;
}

function deviceFn(s, work, data) {
  if (isNull(work)) {
    work = data.pending;
    if (isNull(work)) { return markWaiting(s); }
    data.pending = nil();
    return queuePacket(s, work);
  }
  data.pending = work;
  return holdSelf(s);
}

function handlerFn(s, work, data) {
  if (present(work)) {
    if (work.kind == 1) {
      data.workIn = append(work, data.workIn);
    } else {
      data.deviceIn = append(work, data.deviceIn);
    }
  }
  workPacket = data.workIn;
  if (isNull(workPacket)) { return markWaiting(s); }
  count = workPacket.datum;
  if (count >= 4) {
    data.workIn = workPacket.link;
    return queuePacket(s, workPacket);
  }
  devicePacket = data.deviceIn;
  if (isNull(devicePacket)) { return markWaiting(s); }
  data.deviceIn = devicePacket.link;
  devicePacket.datum = workPacket.data[count];
  workPacket.datum = count + 1;
  return queuePacket(s, devicePacket);
}

function idlerFn(s, work, data) {
  data.count = data.count - 1;
  if (data.count == 0) { return holdSelf(s); }
  c = data.control;
  if (c - (c / 2) * 2 == 0) {
    data.control = c / 2;
    return release(s, 4);
  }
  data.control = xor(c / 2, 53256);
  return release(s, 5);
}

function workerFn(s, work, data) {
  if (isNull(work)) { return markWaiting(s); }
  if (data.destination == 2) { data.destination = 3; } else { data.destination = 2; }
  work.identity = data.destination;
  work.datum = 0;
  i = 0;
  while (i < 4) {
    data.count = data.count + 1;
    if (data.count > 26) { data.count = 1; }
    work.data[i] = 65 + data.count - 1;
    i = i + 1;
  }
  return queuePacket(s, work);
}

function schedule(s) {
  s.currentTask = s.taskList;
  while (present(s.currentTask)) {
    t = s.currentTask;
    if (t.taskHolding == 1 || (t.packetPending == 0 && t.taskWaiting == 1)) {
      s.currentTask = t.link;
    } else {
      s.currentTaskIdentity = t.identity;
      s.currentTask = runTask(s, t);
    }
  }
}

function start() {
  s = new();
  s.taskList = nil();
  s.currentTask = nil();
  s.currentTaskIdentity = 0;
  s.taskTable = new();
  i = 0;
  while (i < 6) {
    s.taskTable[i] = nil();
    i = i + 1;
  }
  s.queuePacketCount = 0;
  s.holdCount = 0;

  idle = new();
  idle.control = 1;
  idle.count = 10000;
  createTask(s, 0, 0, nil(), 0, 0, 0, idle, idlerFn);

  workQ = createPacket(nil(), 1, 1);
  workQ = createPacket(workQ, 1, 1);
  worker = new();
  worker.destination = 2;
  worker.count = 0;
  createTask(s, 1, 1000, workQ, 1, 1, 0, worker, workerFn);

  workQ = createPacket(nil(), 4, 0);
  workQ = createPacket(workQ, 4, 0);
  workQ = createPacket(workQ, 4, 0);
  handlerA = new();
  handlerA.workIn = nil();
  handlerA.deviceIn = nil();
  createTask(s, 2, 2000, workQ, 1, 1, 0, handlerA, handlerFn);

  workQ = createPacket(nil(), 5, 0);
  workQ = createPacket(workQ, 5, 0);
  workQ = createPacket(workQ, 5, 0);
  handlerB = new();
  handlerB.workIn = nil();
  handlerB.deviceIn = nil();
  createTask(s, 3, 3000, workQ, 1, 1, 0, handlerB, handlerFn);

  deviceA = new();
  deviceA.pending = nil();
  createTask(s, 4, 4000, nil(), 0, 1, 0, deviceA, deviceFn);
  deviceB = new();
  deviceB.pending = nil();
  createTask(s, 5, 5000, nil(), 0, 1, 0, deviceB, deviceFn);

  schedule(s);
  return s.queuePacketCount == 23246 && s.holdCount == 9297;
}

function benchmark() {
  return start();
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
  if (ok) { println("Richards: ok " + r); } else { println("Richards: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
