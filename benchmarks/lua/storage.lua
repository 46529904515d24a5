-- Storage (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local floor = math.floor

local newRandom, nextRandom = harness.newRandom, harness.nextRandom

-- An array of n elements, all 0 (AWFY allocates new Array(n)).
local function newArray(n)
  local a = {}
  for i = 0, n - 1 do a[i] = 0 end
  return a
end

local function buildTreeDepth(s, depth, random)
  s.count = s.count + 1
  if depth == 1 then
    local x = nextRandom(random)
    return newArray(x - floor(x / 10) * 10 + 1)
  end
  local arr = newArray(4)
  for i = 0, 3 do arr[i] = buildTreeDepth(s, depth - 1, random) end
  return arr
end

local function benchmark()
  local s = { count = 0 }
  buildTreeDepth(s, 7, newRandom())
  return s.count
end

harness.run("Storage", benchmark, 5461)
