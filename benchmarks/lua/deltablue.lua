-- DeltaBlue (Are-We-Fast-Yet). stdin: the number of iterations. Lua 5.1 syntax (LuaJIT, Lua 5.4).
-- Same structure as sl/deltablue.sl: numeric strengths (smaller = stronger), constraint kinds
-- stay 0, edit 1, equality 2, scale 3 with methods dispatching on the kind, and vectors
-- {items, first, last}.
local harness = dofile((arg[0]:match("^(.*/)") or "") .. "harness.lua")

local floor = math.floor

-- Integer division truncating toward zero, as in SL.
local function idiv(a, b)
  local q = a / b
  if q < 0 then return -floor(-q) end
  return floor(q)
end

local function fail(message)
  error("DeltaBlue: " .. message)
end

local incrementalAdd, incrementalRemove, addPropagate

-- ---- Vector

local function vNew() return { items = {}, first = 0, last = 0 } end

local function vAppend(v, x)
  v.items[v.last] = x
  v.last = v.last + 1
end

local function vWith(x)
  local v = vNew()
  vAppend(v, x)
  return v
end

local function vIsEmpty(v) return v.first == v.last end
local function vSize(v) return v.last - v.first end
local function vAt(v, i) return v.items[v.first + i] end

local function vRemoveFirst(v)
  local x = v.items[v.first]
  v.first = v.first + 1
  return x
end

local function vRemove(v, x)
  local items = {}
  local n = 0
  for i = v.first, v.last - 1 do
    local y = v.items[i]
    if y ~= x then
      items[n] = y
      n = n + 1
    end
  end
  v.items = items
  v.first = 0
  v.last = n
end

-- Stable insertion sort, strongest first.
local function vSortByStrength(v)
  local items = v.items
  for i = v.first + 1, v.last - 1 do
    local c = items[i]
    local j = i - 1
    while j >= v.first and items[j].strength > c.strength do
      items[j + 1] = items[j]
      j = j - 1
    end
    items[j + 1] = c
  end
end

-- ---- Variables

local function newVariable(value)
  return { value = value, constraints = vNew(), determinedBy = nil, mark = 0, walkStrength = 7, stay = true }
end

local function varRemoveConstraint(v, c)
  vRemove(v.constraints, c)
  if v.determinedBy == c then v.determinedBy = nil end
end

-- ---- Constraints

local function addToGraph(c)
  if c.kind < 2 then
    vAppend(c.output.constraints, c)
    c.satisfied = false
  else
    vAppend(c.v1.constraints, c)
    vAppend(c.v2.constraints, c)
    if c.kind == 3 then
      vAppend(c.scale.constraints, c)
      vAppend(c.offset.constraints, c)
    end
    c.direction = 0
  end
end

local function removeFromGraph(c)
  if c.kind < 2 then
    varRemoveConstraint(c.output, c)
    c.satisfied = false
  else
    varRemoveConstraint(c.v1, c)
    varRemoveConstraint(c.v2, c)
    if c.kind == 3 then
      varRemoveConstraint(c.scale, c)
      varRemoveConstraint(c.offset, c)
    end
    c.direction = 0
  end
end

local function addConstraint(c, planner)
  addToGraph(c)
  incrementalAdd(planner, c)
end

local function newConstraint(kind, strength)
  return { kind = kind, strength = strength, satisfied = false, direction = 0,
           output = nil, v1 = nil, v2 = nil, scale = nil, offset = nil }
end

local function unaryConstraint(kind, v, strength, planner)
  local c = newConstraint(kind, strength)
  c.output = v
  addConstraint(c, planner)
  return c
end

local function equalityConstraint(v1, v2, strength, planner)
  local c = newConstraint(2, strength)
  c.v1 = v1
  c.v2 = v2
  addConstraint(c, planner)
  return c
end

local function scaleConstraint(src, scale, offset, dest, strength, planner)
  local c = newConstraint(3, strength)
  c.v1 = src
  c.v2 = dest
  c.scale = scale
  c.offset = offset
  addConstraint(c, planner)
  return c
end

local function isInput(c) return c.kind == 1 end

local function isSatisfied(c)
  if c.kind < 2 then return c.satisfied end
  return c.direction ~= 0
end

local function destroyConstraint(c, planner)
  if isSatisfied(c) then incrementalRemove(planner, c) end
  removeFromGraph(c)
end

local function chooseMethod(c, mark)
  if c.kind < 2 then
    c.satisfied = c.output.mark ~= mark and c.strength < c.output.walkStrength
    return
  end
  if c.v1.mark == mark then
    if c.v2.mark ~= mark and c.strength < c.v2.walkStrength then c.direction = 1 else c.direction = 0 end
    return
  end
  if c.v2.mark == mark then
    if c.v1.mark ~= mark and c.strength < c.v1.walkStrength then c.direction = 2 else c.direction = 0 end
    return
  end
  if c.v1.walkStrength > c.v2.walkStrength then
    if c.strength < c.v1.walkStrength then c.direction = 2 else c.direction = 0 end
  else
    if c.strength < c.v2.walkStrength then c.direction = 1 else c.direction = 0 end
  end
end

local function getInput(c)
  if c.direction == 1 then return c.v1 end
  return c.v2
end

local function getOutput(c)
  if c.kind < 2 then return c.output end
  if c.direction == 1 then return c.v2 end
  return c.v1
end

local function markInputs(c, mark)
  if c.kind >= 2 then
    getInput(c).mark = mark
    if c.kind == 3 then
      c.scale.mark = mark
      c.offset.mark = mark
    end
  end
end

local function markUnsatisfied(c)
  if c.kind < 2 then c.satisfied = false else c.direction = 0 end
end

local function inputsKnown(c, mark)
  if c.kind < 2 then return true end
  local ihn = getInput(c)
  return ihn.mark == mark or ihn.stay or ihn.determinedBy == nil
end

local function execute(c)
  if c.kind == 2 then
    if c.direction == 1 then c.v2.value = c.v1.value else c.v1.value = c.v2.value end
  end
  if c.kind == 3 then
    if c.direction == 1 then
      c.v2.value = c.v1.value * c.scale.value + c.offset.value
    else
      c.v1.value = idiv(c.v2.value - c.offset.value, c.scale.value)
    end
  end
end

local function weakest(a, b)
  if a > b then return a end
  return b
end

local function recalculate(c)
  if c.kind < 2 then
    c.output.walkStrength = c.strength
    c.output.stay = c.kind ~= 1
    if c.output.stay then execute(c) end
    return
  end
  local ihn = getInput(c)
  local out = getOutput(c)
  out.walkStrength = weakest(c.strength, ihn.walkStrength)
  if c.kind == 3 then
    out.stay = ihn.stay and c.scale.stay and c.offset.stay
  else
    out.stay = ihn.stay
  end
  if out.stay then execute(c) end
end

local function satisfy(c, mark, planner)
  chooseMethod(c, mark)
  if not isSatisfied(c) then
    if c.strength == 1 then fail("Could not satisfy a required constraint") end
    return nil
  end
  markInputs(c, mark)
  local out = getOutput(c)
  local overridden = out.determinedBy
  if overridden ~= nil then markUnsatisfied(overridden) end
  out.determinedBy = c
  if not addPropagate(planner, c, mark) then fail("Cycle encountered") end
  out.mark = mark
  return overridden
end

-- ---- Planner

local function newPlanner() return { currentMark = 1 } end

local function newMark(p)
  p.currentMark = p.currentMark + 1
  return p.currentMark
end

local function addConstraintsConsumingTo(v, coll)
  local determiningC = v.determinedBy
  local cs = v.constraints
  for i = 0, vSize(cs) - 1 do
    local c = vAt(cs, i)
    if c ~= determiningC and isSatisfied(c) then vAppend(coll, c) end
  end
end

local function removePropagateFrom(p, out)
  local unsatisfied = vNew()
  out.determinedBy = nil
  out.walkStrength = 7
  out.stay = true
  local todo = vWith(out)
  while not vIsEmpty(todo) do
    local v = vRemoveFirst(todo)
    local cs = v.constraints
    for i = 0, vSize(cs) - 1 do
      local c = vAt(cs, i)
      if not isSatisfied(c) then vAppend(unsatisfied, c) end
    end
    local determiningC = v.determinedBy
    for i = 0, vSize(cs) - 1 do
      local c = vAt(cs, i)
      if c ~= determiningC and isSatisfied(c) then
        recalculate(c)
        vAppend(todo, getOutput(c))
      end
    end
  end
  vSortByStrength(unsatisfied)
  return unsatisfied
end

incrementalAdd = function(p, c)
  local mark = newMark(p)
  local overridden = satisfy(c, mark, p)
  while overridden ~= nil do
    overridden = satisfy(overridden, mark, p)
  end
end

incrementalRemove = function(p, c)
  local out = getOutput(c)
  markUnsatisfied(c)
  removeFromGraph(c)
  local unsatisfied = removePropagateFrom(p, out)
  for i = 0, vSize(unsatisfied) - 1 do
    incrementalAdd(p, vAt(unsatisfied, i))
  end
end

addPropagate = function(p, c, mark)
  local todo = vWith(c)
  while not vIsEmpty(todo) do
    local d = vRemoveFirst(todo)
    if getOutput(d).mark == mark then
      incrementalRemove(p, c)
      return false
    end
    recalculate(d)
    addConstraintsConsumingTo(getOutput(d), todo)
  end
  return true
end

local function makePlan(p, sources)
  local mark = newMark(p)
  local plan = vNew()
  local todo = sources
  while not vIsEmpty(todo) do
    local c = vRemoveFirst(todo)
    local out = getOutput(c)
    if out.mark ~= mark and inputsKnown(c, mark) then
      vAppend(plan, c)
      out.mark = mark
      addConstraintsConsumingTo(out, todo)
    end
  end
  return plan
end

local function extractPlanFromConstraints(p, constraints)
  local sources = vNew()
  for i = 0, vSize(constraints) - 1 do
    local c = vAt(constraints, i)
    if isInput(c) and isSatisfied(c) then vAppend(sources, c) end
  end
  return makePlan(p, sources)
end

local function executePlan(plan)
  for i = 0, vSize(plan) - 1 do execute(vAt(plan, i)) end
end

local function changeVar(p, aVariable, newValue)
  local editV = unaryConstraint(1, aVariable, 3, p)
  local plan = extractPlanFromConstraints(p, vWith(editV))
  for _ = 1, 10 do
    aVariable.value = newValue
    executePlan(plan)
  end
  destroyConstraint(editV, p)
end

-- ---- The two tests

local function chainTest(n)
  local p = newPlanner()
  local vars = {}
  for i = 0, n do vars[i] = newVariable(0) end
  for i = 0, n - 1 do equalityConstraint(vars[i], vars[i + 1], 1, p) end
  unaryConstraint(0, vars[n], 4, p)
  local editC = unaryConstraint(1, vars[0], 3, p)
  local plan = extractPlanFromConstraints(p, vWith(editC))
  for i = 0, 99 do
    vars[0].value = i
    executePlan(plan)
    if vars[n].value ~= i then fail("Chain test failed") end
  end
  destroyConstraint(editC, p)
  return true
end

local function projectionTest(n)
  local p = newPlanner()
  local scale = newVariable(10)
  local offset = newVariable(1000)
  local src, dst = nil, nil
  local dests = vNew()
  for i = 0, n - 1 do
    src = newVariable(i)
    dst = newVariable(i)
    vAppend(dests, dst)
    unaryConstraint(0, src, 5, p)
    scaleConstraint(src, scale, offset, dst, 1, p)
  end
  changeVar(p, src, 17)
  if dst.value ~= 1170 then fail("Projection 1 failed") end
  changeVar(p, dst, 1050)
  if src.value ~= 5 then fail("Projection 2 failed") end
  changeVar(p, scale, 5)
  for i = 0, n - 2 do
    if vAt(dests, i).value ~= i * 5 + 1000 then fail("Projection 3 failed") end
  end
  changeVar(p, offset, 2000)
  for i = 0, n - 2 do
    if vAt(dests, i).value ~= i * 5 + 2000 then fail("Projection 4 failed") end
  end
  return true
end

local function benchmark()
  return chainTest(100) and projectionTest(100)
end

harness.run("DeltaBlue", benchmark, true)
