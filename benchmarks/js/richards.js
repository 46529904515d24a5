// Richards (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
// Same structure as sl/richards.sl: tasks carry their task function in `fn`.
"use strict";
const harness = require("./harness");

const IDLER = 0, WORKER = 1, HANDLER_A = 2, HANDLER_B = 3, DEVICE_A = 4, DEVICE_B = 5;
const DEVICE_PACKET_KIND = 0, WORK_PACKET_KIND = 1;
const DATA_SIZE = 4;

function append(packet, queueHead) {
  packet.link = null;
  if (queueHead === null) return packet;
  let mouse = queueHead;
  let link = mouse.link;
  while (link !== null) {
    mouse = link;
    link = mouse.link;
  }
  mouse.link = packet;
  return queueHead;
}

function createPacket(link, identity, kind) {
  return { link, identity, kind, datum: 0, data: new Array(DATA_SIZE).fill(0) };
}

function createTask(s, identity, priority, work, pp, tw, th, handle, fn) {
  const t = {
    link: s.taskList, identity, priority, input: work,
    packetPending: pp, taskWaiting: tw, taskHolding: th, handle, fn,
  };
  s.taskList = t;
  s.taskTable[identity] = t;
}

function addInputAndCheckPriority(t, packet, oldTask) {
  if (t.input === null) {
    t.input = packet;
    t.packetPending = true;
    if (t.priority > oldTask.priority) return t;
  } else {
    t.input = append(packet, t.input);
  }
  return oldTask;
}

function runTask(s, t) {
  let message = null;
  if (t.packetPending && t.taskWaiting && !t.taskHolding) {
    message = t.input;
    t.input = message.link;
    if (t.input === null) {
      t.packetPending = false; t.taskWaiting = false; t.taskHolding = false;
    } else {
      t.packetPending = true; t.taskWaiting = false; t.taskHolding = false;
    }
  }
  return t.fn(s, message, t.handle);
}

function findTask(s, identity) {
  const t = s.taskTable[identity];
  if (t === null) throw new Error("findTask failed");
  return t;
}

function holdSelf(s) {
  s.holdCount++;
  s.currentTask.taskHolding = true;
  return s.currentTask.link;
}

function markWaiting(s) {
  s.currentTask.taskWaiting = true;
  return s.currentTask;
}

function queuePacket(s, packet) {
  const task = findTask(s, packet.identity);
  s.queuePacketCount++;
  packet.link = null;
  packet.identity = s.currentTaskIdentity;
  return addInputAndCheckPriority(task, packet, s.currentTask);
}

function release(s, identity) {
  const task = findTask(s, identity);
  task.taskHolding = false;
  if (task.priority > s.currentTask.priority) return task;
  return s.currentTask;
}

function deviceFn(s, work, data) {
  if (work === null) {
    work = data.pending;
    if (work === null) return markWaiting(s);
    data.pending = null;
    return queuePacket(s, work);
  }
  data.pending = work;
  return holdSelf(s);
}

function handlerFn(s, work, data) {
  if (work !== null) {
    if (work.kind === WORK_PACKET_KIND) data.workIn = append(work, data.workIn);
    else data.deviceIn = append(work, data.deviceIn);
  }
  const workPacket = data.workIn;
  if (workPacket === null) return markWaiting(s);
  const count = workPacket.datum;
  if (count >= DATA_SIZE) {
    data.workIn = workPacket.link;
    return queuePacket(s, workPacket);
  }
  const devicePacket = data.deviceIn;
  if (devicePacket === null) return markWaiting(s);
  data.deviceIn = devicePacket.link;
  devicePacket.datum = workPacket.data[count];
  workPacket.datum = count + 1;
  return queuePacket(s, devicePacket);
}

function idlerFn(s, work, data) {
  data.count--;
  if (data.count === 0) return holdSelf(s);
  if ((data.control & 1) === 0) {
    data.control = data.control >> 1;
    return release(s, DEVICE_A);
  }
  data.control = (data.control >> 1) ^ 53256;
  return release(s, DEVICE_B);
}

function workerFn(s, work, data) {
  if (work === null) return markWaiting(s);
  data.destination = data.destination === HANDLER_A ? HANDLER_B : HANDLER_A;
  work.identity = data.destination;
  work.datum = 0;
  for (let i = 0; i < DATA_SIZE; i++) {
    data.count++;
    if (data.count > 26) data.count = 1;
    work.data[i] = 65 + data.count - 1;
  }
  return queuePacket(s, work);
}

function schedule(s) {
  s.currentTask = s.taskList;
  while (s.currentTask !== null) {
    const t = s.currentTask;
    if (t.taskHolding || (!t.packetPending && t.taskWaiting)) {
      s.currentTask = t.link;
    } else {
      s.currentTaskIdentity = t.identity;
      s.currentTask = runTask(s, t);
    }
  }
}

function start() {
  const s = {
    taskList: null, currentTask: null, currentTaskIdentity: 0,
    taskTable: new Array(6).fill(null), queuePacketCount: 0, holdCount: 0,
  };
  createTask(s, IDLER, 0, null, false, false, false, { control: 1, count: 10000 }, idlerFn);

  let workQ = createPacket(null, WORKER, WORK_PACKET_KIND);
  workQ = createPacket(workQ, WORKER, WORK_PACKET_KIND);
  createTask(s, WORKER, 1000, workQ, true, true, false, { destination: HANDLER_A, count: 0 }, workerFn);

  workQ = createPacket(null, DEVICE_A, DEVICE_PACKET_KIND);
  workQ = createPacket(workQ, DEVICE_A, DEVICE_PACKET_KIND);
  workQ = createPacket(workQ, DEVICE_A, DEVICE_PACKET_KIND);
  createTask(s, HANDLER_A, 2000, workQ, true, true, false, { workIn: null, deviceIn: null }, handlerFn);

  workQ = createPacket(null, DEVICE_B, DEVICE_PACKET_KIND);
  workQ = createPacket(workQ, DEVICE_B, DEVICE_PACKET_KIND);
  workQ = createPacket(workQ, DEVICE_B, DEVICE_PACKET_KIND);
  createTask(s, HANDLER_B, 3000, workQ, true, true, false, { workIn: null, deviceIn: null }, handlerFn);

  createTask(s, DEVICE_A, 4000, null, false, true, false, { pending: null }, deviceFn);
  createTask(s, DEVICE_B, 5000, null, false, true, false, { pending: null }, deviceFn);

  schedule(s);
  return s.queuePacketCount === 23246 && s.holdCount === 9297;
}

function benchmark() {
  return start();
}

harness.run("Richards", benchmark, true);
