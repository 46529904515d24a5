-- Permute (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local function swap(p, i, j)
  local tmp = p.v[i]
  p.v[i] = p.v[j]
  p.v[j] = tmp
end

local function permute(p, n)
  p.count = p.count + 1
  if n ~= 0 then
    local n1 = n - 1
    permute(p, n1)
    for i = n1, 0, -1 do
      swap(p, n1, i)
      permute(p, n1)
      swap(p, n1, i)
    end
  end
end

local function benchmark()
  local p = { count = 0, v = {} }
  for i = 0, 5 do p.v[i] = 0 end
  permute(p, 6)
  return p.count
end

harness.run("Permute", benchmark, 8660)
