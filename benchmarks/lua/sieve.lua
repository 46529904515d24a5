-- Sieve (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local function readSize(dflt)
  local s = io.read("*l")
  local n = s and tonumber(s)
  return n or dflt
end

local function sieve(flags, size)
  local primeCount = 0
  for i = 2, size do
    if flags[i - 1] then
      primeCount = primeCount + 1
      local k = i + i
      while k <= size do
        flags[k - 1] = false
        k = k + i
      end
    end
  end
  return primeCount
end

local function benchmark()
  local flags = {}
  for i = 0, 4999 do flags[i] = true end
  return sieve(flags, 5000)
end

local n = readSize(1)
local ok = true
local r = 0
for _ = 1, n do
  r = benchmark()
  if r ~= 669 then ok = false end
end
if ok then print("Sieve: ok " .. tostring(r)) else print("Sieve: FAIL " .. tostring(r)) end
