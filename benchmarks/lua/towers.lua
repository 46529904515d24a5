-- Towers (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local function pushDisk(t, disk, pile)
  local top = t.piles[pile]
  if top ~= nil and disk.size >= top.size then
    error("Cannot put a big disk on a smaller one")
  end
  disk.next = top
  t.piles[pile] = disk
end

local function popDiskFrom(t, pile)
  local top = t.piles[pile]
  if top == nil then error("Attempting to remove a disk from an empty pile") end
  t.piles[pile] = top.next
  top.next = nil
  return top
end

local function moveTopDisk(t, fromPile, toPile)
  pushDisk(t, popDiskFrom(t, fromPile), toPile)
  t.movesDone = t.movesDone + 1
end

local function buildTowerAt(t, pile, disks)
  for i = disks, 0, -1 do
    pushDisk(t, { size = i, next = nil }, pile)
  end
end

local function moveDisks(t, disks, fromPile, toPile)
  if disks == 1 then
    moveTopDisk(t, fromPile, toPile)
  else
    local otherPile = (3 - fromPile) - toPile
    moveDisks(t, disks - 1, fromPile, otherPile)
    moveTopDisk(t, fromPile, toPile)
    moveDisks(t, disks - 1, otherPile, toPile)
  end
end

local function benchmark()
  local t = { piles = {}, movesDone = 0 }
  buildTowerAt(t, 0, 13)
  moveDisks(t, 13, 0, 1)
  return t.movesDone
end

harness.run("Towers", benchmark, 8191)
