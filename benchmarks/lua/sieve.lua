-- Sieve (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

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

harness.run("Sieve", benchmark, 669)
