-- Queens (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local function filled(n, v)
  local a = {}
  for i = 0, n - 1 do a[i] = v end
  return a
end

local function getRowColumn(q, r, c)
  return q.freeRows[r] and q.freeMaxs[c + r] and q.freeMins[c - r + 7]
end

local function setRowColumn(q, r, c, v)
  q.freeRows[r] = v
  q.freeMaxs[c + r] = v
  q.freeMins[c - r + 7] = v
end

local function placeQueen(q, c)
  for r = 0, 7 do
    if getRowColumn(q, r, c) then
      q.queenRows[r] = c
      setRowColumn(q, r, c, false)
      if c == 7 then return true end
      if placeQueen(q, c + 1) then return true end
      setRowColumn(q, r, c, true)
    end
  end
  return false
end

local function queens()
  local q = {
    freeRows = filled(8, true),
    freeMaxs = filled(16, true),
    freeMins = filled(16, true),
    queenRows = filled(8, -1),
  }
  return placeQueen(q, 0)
end

local function benchmark()
  local result = true
  for _ = 0, 9 do result = result and queens() end
  return result
end

harness.run("Queens", benchmark, true)
