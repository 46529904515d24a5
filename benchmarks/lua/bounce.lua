-- Bounce (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local floor = math.floor

local newRandom, nextRandom = harness.newRandom, harness.nextRandom

local function mod(x, m) return x - floor(x / m) * m end

local function abs(x)
  if x < 0 then return 0 - x end
  return x
end

local function newBall(random)
  local b = {}
  b.x = mod(nextRandom(random), 500)
  b.y = mod(nextRandom(random), 500)
  b.xVel = mod(nextRandom(random), 300) - 150
  b.yVel = mod(nextRandom(random), 300) - 150
  return b
end

local function bounce(b)
  local xLimit, yLimit = 500, 500
  local bounced = false
  b.x = b.x + b.xVel
  b.y = b.y + b.yVel
  if b.x > xLimit then b.x = xLimit; b.xVel = 0 - abs(b.xVel); bounced = true end
  if b.x < 0 then b.x = 0; b.xVel = abs(b.xVel); bounced = true end
  if b.y > yLimit then b.y = yLimit; b.yVel = 0 - abs(b.yVel); bounced = true end
  if b.y < 0 then b.y = 0; b.yVel = abs(b.yVel); bounced = true end
  return bounced
end

local function benchmark()
  local random = newRandom()
  local ballCount = 100
  local bounces = 0
  local balls = {}
  for i = 0, ballCount - 1 do balls[i] = newBall(random) end
  for _ = 0, 49 do
    for j = 0, ballCount - 1 do
      if bounce(balls[j]) then bounces = bounces + 1 end
    end
  end
  return bounces
end

harness.run("Bounce", benchmark, 1331)
