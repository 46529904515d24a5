-- List (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local function listLength(e)
  if e.next == nil then return 1 end
  return 1 + listLength(e.next)
end

local function makeList(length)
  if length == 0 then return nil end
  local e = { val = length, next = nil }
  e.next = makeList(length - 1)
  return e
end

local function isShorterThan(x, y)
  local xTail, yTail = x, y
  while yTail ~= nil do
    if xTail == nil then return true end
    xTail = xTail.next
    yTail = yTail.next
  end
  return false
end

local function tail(x, y, z)
  if isShorterThan(y, x) then
    return tail(tail(x.next, y, z), tail(y.next, z, x), tail(z.next, x, y))
  end
  return z
end

local function benchmark()
  return listLength(tail(makeList(15), makeList(10), makeList(6)))
end

harness.run("List", benchmark, 10)
