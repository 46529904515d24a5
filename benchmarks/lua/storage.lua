-- Storage (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local function readSize(dflt)
  local s = io.read("*l")
  local n = s and tonumber(s)
  return n or dflt
end

local floor = math.floor

local function newRandom() return { seed = 74755 } end

local function nextRandom(r)
  local x = (r.seed * 1309) + 13849
  r.seed = x - floor(x / 65536) * 65536
  return r.seed
end

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

local n = readSize(1)
local ok = true
local r = 0
for _ = 1, n do
  r = benchmark()
  if r ~= 5461 then ok = false end
end
if ok then print("Storage: ok " .. tostring(r)) else print("Storage: FAIL " .. tostring(r)) end
