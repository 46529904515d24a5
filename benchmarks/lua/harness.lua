-- What every Lua benchmark shares: the iteration count from stdin, the AWFY random generator,
-- and the timing loop with its verification line. Lua 5.1 syntax (LuaJIT, Lua 5.4).
-- A benchmark loads it with dofile, next to itself.
local harness = {}

-- The number of iterations: the first line of stdin, or `dflt`.
function harness.readSize(dflt)
  local s = io.read("*l")
  local n = s and tonumber(s)
  return n or dflt
end

-- The AWFY random generator: seed = ((seed * 1309) + 13849) & 65535.
function harness.newRandom() return { seed = 74755 } end

function harness.nextRandom(r)
  local x = (r.seed * 1309) + 13849
  r.seed = x - math.floor(x / 65536) * 65536
  return r.seed
end

-- Runs `benchmark` as many times as stdin says and prints `NAME: ok RESULT` when every run
-- returned `expected` (else `NAME: FAIL RESULT`). With a second stdin line `timed`, then
-- prints each iteration's time as `@iteration-ns N` (os.clock: processor time, in
-- microsecond steps; benchmarks/run.py --warmup reads them).
function harness.run(name, benchmark, expected)
  local n = harness.readSize(1)
  local timed = io.read("*l") == "timed"
  local times = {}
  local ok = true
  local r = 0
  for i = 1, n do
    local t0 = os.clock()
    r = benchmark()
    times[i] = os.clock() - t0
    if r ~= expected then ok = false end
  end
  print(name .. (ok and ": ok " or ": FAIL ") .. tostring(r))
  if timed then
    for i = 1, n do print(string.format("@iteration-ns %.0f", times[i] * 1e9)) end
  end
end

return harness
