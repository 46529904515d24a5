-- Richards (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
-- Same structure as sl/richards.sl: tasks carry their task function in `fn`.
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local floor = math.floor

-- Bitwise exclusive or of two non-negative numbers, by arithmetic (Lua 5.1 has no bit
-- operators; Lua 5.4's would not parse in LuaJIT).
local function xor(a, b)
  local r, bit = 0, 1
  while a > 0 or b > 0 do
    local x, y = a % 2, b % 2
    if x ~= y then r = r + bit end
    a = floor(a / 2)
    b = floor(b / 2)
    bit = bit * 2
  end
  return r
end

local IDLER, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 0, 1, 2, 3, 4, 5
local DEVICE_PACKET_KIND, WORK_PACKET_KIND = 0, 1
local DATA_SIZE = 4

local function append(packet, queueHead)
  packet.link = nil
  if queueHead == nil then return packet end
  local mouse = queueHead
  local link = mouse.link
  while link ~= nil do
    mouse = link
    link = mouse.link
  end
  mouse.link = packet
  return queueHead
end

local function createPacket(link, identity, kind)
  local data = {}
  for i = 0, DATA_SIZE - 1 do data[i] = 0 end
  return { link = link, identity = identity, kind = kind, datum = 0, data = data }
end

local function createTask(s, identity, priority, work, pp, tw, th, handle, fn)
  local t = {
    link = s.taskList, identity = identity, priority = priority, input = work,
    packetPending = pp, taskWaiting = tw, taskHolding = th, handle = handle, fn = fn,
  }
  s.taskList = t
  s.taskTable[identity] = t
end

local function addInputAndCheckPriority(t, packet, oldTask)
  if t.input == nil then
    t.input = packet
    t.packetPending = true
    if t.priority > oldTask.priority then return t end
  else
    t.input = append(packet, t.input)
  end
  return oldTask
end

local function runTask(s, t)
  local message = nil
  if t.packetPending and t.taskWaiting and not t.taskHolding then
    message = t.input
    t.input = message.link
    if t.input == nil then
      t.packetPending = false; t.taskWaiting = false; t.taskHolding = false
    else
      t.packetPending = true; t.taskWaiting = false; t.taskHolding = false
    end
  end
  return t.fn(s, message, t.handle)
end

local function findTask(s, identity)
  local t = s.taskTable[identity]
  if t == nil then error("findTask failed") end
  return t
end

local function holdSelf(s)
  s.holdCount = s.holdCount + 1
  s.currentTask.taskHolding = true
  return s.currentTask.link
end

local function markWaiting(s)
  s.currentTask.taskWaiting = true
  return s.currentTask
end

local function queuePacket(s, packet)
  local task = findTask(s, packet.identity)
  s.queuePacketCount = s.queuePacketCount + 1
  packet.link = nil
  packet.identity = s.currentTaskIdentity
  return addInputAndCheckPriority(task, packet, s.currentTask)
end

local function release(s, identity)
  local task = findTask(s, identity)
  task.taskHolding = false
  if task.priority > s.currentTask.priority then return task end
  return s.currentTask
end

local function deviceFn(s, work, data)
  if work == nil then
    work = data.pending
    if work == nil then return markWaiting(s) end
    data.pending = nil
    return queuePacket(s, work)
  end
  data.pending = work
  return holdSelf(s)
end

local function handlerFn(s, work, data)
  if work ~= nil then
    if work.kind == WORK_PACKET_KIND then
      data.workIn = append(work, data.workIn)
    else
      data.deviceIn = append(work, data.deviceIn)
    end
  end
  local workPacket = data.workIn
  if workPacket == nil then return markWaiting(s) end
  local count = workPacket.datum
  if count >= DATA_SIZE then
    data.workIn = workPacket.link
    return queuePacket(s, workPacket)
  end
  local devicePacket = data.deviceIn
  if devicePacket == nil then return markWaiting(s) end
  data.deviceIn = devicePacket.link
  devicePacket.datum = workPacket.data[count]
  workPacket.datum = count + 1
  return queuePacket(s, devicePacket)
end

local function idlerFn(s, work, data)
  data.count = data.count - 1
  if data.count == 0 then return holdSelf(s) end
  local c = data.control
  if c % 2 == 0 then
    data.control = floor(c / 2)
    return release(s, DEVICE_A)
  end
  data.control = xor(floor(c / 2), 53256)
  return release(s, DEVICE_B)
end

local function workerFn(s, work, data)
  if work == nil then return markWaiting(s) end
  if data.destination == HANDLER_A then data.destination = HANDLER_B else data.destination = HANDLER_A end
  work.identity = data.destination
  work.datum = 0
  for i = 0, DATA_SIZE - 1 do
    data.count = data.count + 1
    if data.count > 26 then data.count = 1 end
    work.data[i] = 65 + data.count - 1
  end
  return queuePacket(s, work)
end

local function schedule(s)
  s.currentTask = s.taskList
  while s.currentTask ~= nil do
    local t = s.currentTask
    if t.taskHolding or (not t.packetPending and t.taskWaiting) then
      s.currentTask = t.link
    else
      s.currentTaskIdentity = t.identity
      s.currentTask = runTask(s, t)
    end
  end
end

local function start()
  local s = {
    taskList = nil, currentTask = nil, currentTaskIdentity = 0, taskTable = {},
    queuePacketCount = 0, holdCount = 0,
  }
  createTask(s, IDLER, 0, nil, false, false, false, { control = 1, count = 10000 }, idlerFn)

  local workQ = createPacket(nil, WORKER, WORK_PACKET_KIND)
  workQ = createPacket(workQ, WORKER, WORK_PACKET_KIND)
  createTask(s, WORKER, 1000, workQ, true, true, false, { destination = HANDLER_A, count = 0 }, workerFn)

  workQ = createPacket(nil, DEVICE_A, DEVICE_PACKET_KIND)
  workQ = createPacket(workQ, DEVICE_A, DEVICE_PACKET_KIND)
  workQ = createPacket(workQ, DEVICE_A, DEVICE_PACKET_KIND)
  createTask(s, HANDLER_A, 2000, workQ, true, true, false, { workIn = nil, deviceIn = nil }, handlerFn)

  workQ = createPacket(nil, DEVICE_B, DEVICE_PACKET_KIND)
  workQ = createPacket(workQ, DEVICE_B, DEVICE_PACKET_KIND)
  workQ = createPacket(workQ, DEVICE_B, DEVICE_PACKET_KIND)
  createTask(s, HANDLER_B, 3000, workQ, true, true, false, { workIn = nil, deviceIn = nil }, handlerFn)

  createTask(s, DEVICE_A, 4000, nil, false, true, false, { pending = nil }, deviceFn)
  createTask(s, DEVICE_B, 5000, nil, false, true, false, { pending = nil }, deviceFn)

  schedule(s)
  return s.queuePacketCount == 23246 and s.holdCount == 9297
end

local function benchmark()
  return start()
end

harness.run("Richards", benchmark, true)
