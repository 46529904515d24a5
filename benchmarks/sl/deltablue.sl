// DeltaBlue (Are-We-Fast-Yet): the incremental constraint solver of Freeman-Benson and
// Maloney; one iteration runs the chain test and the projection test with 100 variables each.
// Strengths are numbers, smaller = stronger: ABSOLUTE_STRONGEST 0, REQUIRED 1,
// STRONG_PREFERRED 2, PREFERRED 3, STRONG_DEFAULT 4, DEFAULT 5, WEAK_DEFAULT 6,
// ABSOLUTE_WEAKEST 7. Directions: NONE 0, FORWARD 1, BACKWARD 2. Constraint kinds: stay 0,
// edit 1 (the unary ones), equality 2, scale 3 (the binary ones); methods dispatch on the kind.
// Vectors (AWFY's growable arrays) are objects {items, first, last}.
// stdin: one line, the number of iterations (see benchmarks/README.md).

function parseSize(s, dflt) {
  if (s == "") { return dflt; }
  n = 0;
  while (n < 10000000) {
    if ("" + n == s) { return n; }
    n = n + 1;
  }
  return dflt;
}

function nil() {}

function present(x) {
  if (isNull(x)) { return 1 == 0; }
  return 1 == 1;
}

function fail(message) {
  println("DeltaBlue: " + message);
  exit(1);
}

// ---- Vector

function vNew() {
  v = new();
  v.items = new();
  v.first = 0;
  v.last = 0;
  return v;
}

function vAppend(v, x) {
  v.items[v.last] = x;
  v.last = v.last + 1;
}

function vWith(x) {
  v = vNew();
  vAppend(v, x);
  return v;
}

function vIsEmpty(v) {
  return v.first == v.last;
}

function vSize(v) {
  return v.last - v.first;
}

function vAt(v, i) {
  return v.items[v.first + i];
}

function vRemoveFirst(v) {
  x = v.items[v.first];
  v.first = v.first + 1;
  return x;
}

function vRemove(v, x) {
  items = new();
  n = 0;
  i = v.first;
  while (i < v.last) {
    y = v.items[i];
    if (y != x) {
      items[n] = y;
      n = n + 1;
    }
    i = i + 1;
  }
  v.items = items;
  v.first = 0;
  v.last = n;
}

// Stable insertion sort, strongest first.
function vSortByStrength(v) {
  i = v.first + 1;
  while (i < v.last) {
    c = v.items[i];
    j = i - 1;
    while (j >= v.first && v.items[j].strength > c.strength) {
      v.items[j + 1] = v.items[j];
      j = j - 1;
    }
    v.items[j + 1] = c;
    i = i + 1;
  }
}

// ---- Variables

function newVariable(value) {
  v = new();
  v.value = value;
  v.constraints = vNew();
  v.determinedBy = nil();
  v.mark = 0;
  v.walkStrength = 7;
  v.stay = 1 == 1;
  return v;
}

function varRemoveConstraint(v, c) {
  vRemove(v.constraints, c);
  if (v.determinedBy == c) { v.determinedBy = nil(); }
}

// ---- Constraints

function newConstraint(kind, strength) {
  c = new();
  c.kind = kind;
  c.strength = strength;
  c.satisfied = 1 == 0;
  c.direction = 0;
  c.output = nil();
  c.v1 = nil();
  c.v2 = nil();
  c.scale = nil();
  c.offset = nil();
  return c;
}

function unaryConstraint(kind, v, strength, planner) {
  c = newConstraint(kind, strength);
  c.output = v;
  addConstraint(c, planner);
  return c;
}

function equalityConstraint(v1, v2, strength, planner) {
  c = newConstraint(2, strength);
  c.v1 = v1;
  c.v2 = v2;
  addConstraint(c, planner);
  return c;
}

function scaleConstraint(src, scale, offset, dest, strength, planner) {
  c = newConstraint(3, strength);
  c.v1 = src;
  c.v2 = dest;
  c.scale = scale;
  c.offset = offset;
  addConstraint(c, planner);
  return c;
}

function addToGraph(c) {
  if (c.kind < 2) {
    vAppend(c.output.constraints, c);
    c.satisfied = 1 == 0;
  } else {
    vAppend(c.v1.constraints, c);
    vAppend(c.v2.constraints, c);
    if (c.kind == 3) {
      vAppend(c.scale.constraints, c);
      vAppend(c.offset.constraints, c);
    }
    c.direction = 0;
  }
}

function removeFromGraph(c) {
  if (c.kind < 2) {
    varRemoveConstraint(c.output, c);
    c.satisfied = 1 == 0;
  } else {
    varRemoveConstraint(c.v1, c);
    varRemoveConstraint(c.v2, c);
    if (c.kind == 3) {
      varRemoveConstraint(c.scale, c);
      varRemoveConstraint(c.offset, c);
    }
    c.direction = 0;
  }
}

function addConstraint(c, planner) {
  addToGraph(c);
  incrementalAdd(planner, c);
}

function destroyConstraint(c, planner) {
  if (isSatisfied(c)) { incrementalRemove(planner, c); }
  removeFromGraph(c);
}

function isInput(c) {
  return c.kind == 1;
}

function isSatisfied(c) {
  if (c.kind < 2) { return c.satisfied; }
  return c.direction != 0;
}

function chooseMethod(c, mark) {
  if (c.kind < 2) {
    c.satisfied = c.output.mark != mark && c.strength < c.output.walkStrength;
    return;
  }
  if (c.v1.mark == mark) {
    if (c.v2.mark != mark && c.strength < c.v2.walkStrength) { c.direction = 1; } else { c.direction = 0; }
    return;
  }
  if (c.v2.mark == mark) {
    if (c.v1.mark != mark && c.strength < c.v1.walkStrength) { c.direction = 2; } else { c.direction = 0; }
    return;
  }
  if (c.v1.walkStrength > c.v2.walkStrength) {
    if (c.strength < c.v1.walkStrength) { c.direction = 2; } else { c.direction = 0; }
  } else {
    if (c.strength < c.v2.walkStrength) { c.direction = 1; } else { c.direction = 0; }
  }
}

function getInput(c) {
  if (c.direction == 1) { return c.v1; }
  return c.v2;
}

function getOutput(c) {
  if (c.kind < 2) { return c.output; }
  if (c.direction == 1) { return c.v2; }
  return c.v1;
}

function markInputs(c, mark) {
  if (c.kind >= 2) {
    ihn = getInput(c);
    ihn.mark = mark;
    if (c.kind == 3) {
      c.scale.mark = mark;
      c.offset.mark = mark;
    }
  }
}

function markUnsatisfied(c) {
  if (c.kind < 2) { c.satisfied = 1 == 0; } else { c.direction = 0; }
}

function inputsKnown(c, mark) {
  if (c.kind < 2) { return 1 == 1; }
  ihn = getInput(c);
  return ihn.mark == mark || ihn.stay || isNull(ihn.determinedBy);
}

function execute(c) {
  if (c.kind == 2) {
    if (c.direction == 1) { c.v2.value = c.v1.value; } else { c.v1.value = c.v2.value; }
  }
  if (c.kind == 3) {
    if (c.direction == 1) {
      c.v2.value = c.v1.value * c.scale.value + c.offset.value;
    } else {
      c.v1.value = (c.v2.value - c.offset.value) / c.scale.value;
    }
  }
}

function weakest(a, b) {
  if (a > b) { return a; }
  return b;
}

function recalculate(c) {
  if (c.kind < 2) {
    c.output.walkStrength = c.strength;
    c.output.stay = c.kind != 1;
    if (c.output.stay) { execute(c); }
    return;
  }
  ihn = getInput(c);
  out = getOutput(c);
  out.walkStrength = weakest(c.strength, ihn.walkStrength);
  if (c.kind == 3) {
    out.stay = ihn.stay && c.scale.stay && c.offset.stay;
  } else {
    out.stay = ihn.stay;
  }
  if (out.stay) { execute(c); }
}

function satisfy(c, mark, planner) {
  chooseMethod(c, mark);
  if (isSatisfied(c) == (1 == 0)) {
    if (c.strength == 1) { fail("Could not satisfy a required constraint"); }
    return nil();
  }
  markInputs(c, mark);
  out = getOutput(c);
  overridden = out.determinedBy;
  if (present(overridden)) { markUnsatisfied(overridden); }
  out.determinedBy = c;
  if (addPropagate(planner, c, mark) == (1 == 0)) { fail("Cycle encountered"); }
  out.mark = mark;
  return overridden;
}

// ---- Planner

function newPlanner() {
  p = new();
  p.currentMark = 1;
  return p;
}

function newMark(p) {
  p.currentMark = p.currentMark + 1;
  return p.currentMark;
}

function incrementalAdd(p, c) {
  mark = newMark(p);
  overridden = satisfy(c, mark, p);
  while (present(overridden)) {
    overridden = satisfy(overridden, mark, p);
  }
}

function incrementalRemove(p, c) {
  out = getOutput(c);
  markUnsatisfied(c);
  removeFromGraph(c);
  unsatisfied = removePropagateFrom(p, out);
  i = 0;
  while (i < vSize(unsatisfied)) {
    incrementalAdd(p, vAt(unsatisfied, i));
    i = i + 1;
  }
}

function extractPlanFromConstraints(p, constraints) {
  sources = vNew();
  i = 0;
  while (i < vSize(constraints)) {
    c = vAt(constraints, i);
    if (isInput(c) && isSatisfied(c)) { vAppend(sources, c); }
    i = i + 1;
  }
  return makePlan(p, sources);
}

function makePlan(p, sources) {
  mark = newMark(p);
  plan = vNew();
  todo = sources;
  while (vIsEmpty(todo) == (1 == 0)) {
    c = vRemoveFirst(todo);
    out = getOutput(c);
    if (out.mark != mark && inputsKnown(c, mark)) {
      vAppend(plan, c);
      out.mark = mark;
      addConstraintsConsumingTo(out, todo);
    }
  }
  return plan;
}

function executePlan(plan) {
  i = 0;
  while (i < vSize(plan)) {
    execute(vAt(plan, i));
    i = i + 1;
  }
}

function addConstraintsConsumingTo(v, coll) {
  determiningC = v.determinedBy;
  cs = v.constraints;
  i = 0;
  while (i < vSize(cs)) {
    c = vAt(cs, i);
    if (c != determiningC && isSatisfied(c)) { vAppend(coll, c); }
    i = i + 1;
  }
}

function addPropagate(p, c, mark) {
  todo = vWith(c);
  while (vIsEmpty(todo) == (1 == 0)) {
    d = vRemoveFirst(todo);
    out = getOutput(d);
    if (out.mark == mark) {
      incrementalRemove(p, c);
      return 1 == 0;
    }
    recalculate(d);
    addConstraintsConsumingTo(getOutput(d), todo);
  }
  return 1 == 1;
}

function removePropagateFrom(p, out) {
  unsatisfied = vNew();
  out.determinedBy = nil();
  out.walkStrength = 7;
  out.stay = 1 == 1;
  todo = vWith(out);
  while (vIsEmpty(todo) == (1 == 0)) {
    v = vRemoveFirst(todo);
    cs = v.constraints;
    i = 0;
    while (i < vSize(cs)) {
      c = vAt(cs, i);
      if (isSatisfied(c) == (1 == 0)) { vAppend(unsatisfied, c); }
      i = i + 1;
    }
    determiningC = v.determinedBy;
    i = 0;
    while (i < vSize(cs)) {
      c = vAt(cs, i);
      if (c != determiningC && isSatisfied(c)) {
        recalculate(c);
        vAppend(todo, getOutput(c));
      }
      i = i + 1;
    }
  }
  vSortByStrength(unsatisfied);
  return unsatisfied;
}

function changeVar(p, aVariable, newValue) {
  editV = unaryConstraint(1, aVariable, 3, p);
  plan = extractPlanFromConstraints(p, vWith(editV));
  i = 0;
  while (i < 10) {
    aVariable.value = newValue;
    executePlan(plan);
    i = i + 1;
  }
  destroyConstraint(editV, p);
}

// ---- The two tests

function chainTest(n) {
  p = newPlanner();
  vars = new();
  i = 0;
  while (i <= n) {
    vars[i] = newVariable(0);
    i = i + 1;
  }
  i = 0;
  while (i < n) {
    equalityConstraint(vars[i], vars[i + 1], 1, p);
    i = i + 1;
  }
  unaryConstraint(0, vars[n], 4, p);
  editC = unaryConstraint(1, vars[0], 3, p);
  plan = extractPlanFromConstraints(p, vWith(editC));
  i = 0;
  while (i < 100) {
    vars[0].value = i;
    executePlan(plan);
    if (vars[n].value != i) { fail("Chain test failed"); }
    i = i + 1;
  }
  destroyConstraint(editC, p);
  return 1 == 1;
}

function projectionTest(n) {
  p = newPlanner();
  scale = newVariable(10);
  offset = newVariable(1000);
  src = nil();
  dst = nil();
  dests = vNew();
  i = 0;
  while (i < n) {
    src = newVariable(i);
    dst = newVariable(i);
    vAppend(dests, dst);
    unaryConstraint(0, src, 5, p);
    scaleConstraint(src, scale, offset, dst, 1, p);
    i = i + 1;
  }
  changeVar(p, src, 17);
  if (dst.value != 1170) { fail("Projection 1 failed"); }
  changeVar(p, dst, 1050);
  if (src.value != 5) { fail("Projection 2 failed"); }
  changeVar(p, scale, 5);
  i = 0;
  while (i < n - 1) {
    if (vAt(dests, i).value != i * 5 + 1000) { fail("Projection 3 failed"); }
    i = i + 1;
  }
  changeVar(p, offset, 2000);
  i = 0;
  while (i < n - 1) {
    if (vAt(dests, i).value != i * 5 + 2000) { fail("Projection 4 failed"); }
    i = i + 1;
  }
  return 1 == 1;
}

function benchmark() {
  return chainTest(100) && projectionTest(100);
}

// With a second input line `timed`: each iteration's time in ns, one `@iteration-ns N` line
// each after the verification line (benchmarks/run.py --warmup reads them).
function printTimes(times, n) {
  j = 0;
  while (j < n) {
    println("@iteration-ns " + times[j]);
    j = j + 1;
  }
}

function main() {
  n = parseSize(readln(), 1);
  timed = readln() == "timed";
  times = new();
  ok = 1 == 1;
  r = 0;
  i = 0;
  while (i < n) {
    t0 = nanoTime();
    r = benchmark();
    times[i] = nanoTime() - t0;
    if (r != (1 == 1)) { ok = 1 == 0; }
    i = i + 1;
  }
  if (ok) { println("DeltaBlue: ok " + r); } else { println("DeltaBlue: FAIL " + r); }
  if (timed) { printTimes(times, n); }
}
