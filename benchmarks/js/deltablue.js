// DeltaBlue (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
// Same structure as sl/deltablue.sl: numeric strengths (smaller = stronger), constraint kinds
// stay 0, edit 1, equality 2, scale 3 with methods dispatching on the kind, and vectors
// {items, first, last}.
"use strict";
const harness = require("./harness");

function fail(message) {
  throw new Error("DeltaBlue: " + message);
}

// ---- Vector

function vNew() { return { items: [], first: 0, last: 0 }; }

function vAppend(v, x) {
  v.items[v.last] = x;
  v.last++;
}

function vWith(x) {
  const v = vNew();
  vAppend(v, x);
  return v;
}

function vIsEmpty(v) { return v.first === v.last; }
function vSize(v) { return v.last - v.first; }
function vAt(v, i) { return v.items[v.first + i]; }

function vRemoveFirst(v) {
  const x = v.items[v.first];
  v.first++;
  return x;
}

function vRemove(v, x) {
  const items = [];
  let n = 0;
  for (let i = v.first; i < v.last; i++) {
    const y = v.items[i];
    if (y !== x) {
      items[n] = y;
      n++;
    }
  }
  v.items = items;
  v.first = 0;
  v.last = n;
}

// Stable insertion sort, strongest first.
function vSortByStrength(v) {
  const items = v.items;
  for (let i = v.first + 1; i < v.last; i++) {
    const c = items[i];
    let j = i - 1;
    while (j >= v.first && items[j].strength > c.strength) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = c;
  }
}

// ---- Variables

function newVariable(value) {
  return { value, constraints: vNew(), determinedBy: null, mark: 0, walkStrength: 7, stay: true };
}

function varRemoveConstraint(v, c) {
  vRemove(v.constraints, c);
  if (v.determinedBy === c) v.determinedBy = null;
}

// ---- Constraints

function addToGraph(c) {
  if (c.kind < 2) {
    vAppend(c.output.constraints, c);
    c.satisfied = false;
  } else {
    vAppend(c.v1.constraints, c);
    vAppend(c.v2.constraints, c);
    if (c.kind === 3) {
      vAppend(c.scale.constraints, c);
      vAppend(c.offset.constraints, c);
    }
    c.direction = 0;
  }
}

function removeFromGraph(c) {
  if (c.kind < 2) {
    varRemoveConstraint(c.output, c);
    c.satisfied = false;
  } else {
    varRemoveConstraint(c.v1, c);
    varRemoveConstraint(c.v2, c);
    if (c.kind === 3) {
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

function newConstraint(kind, strength) {
  return { kind, strength, satisfied: false, direction: 0,
           output: null, v1: null, v2: null, scale: null, offset: null };
}

function unaryConstraint(kind, v, strength, planner) {
  const c = newConstraint(kind, strength);
  c.output = v;
  addConstraint(c, planner);
  return c;
}

function equalityConstraint(v1, v2, strength, planner) {
  const c = newConstraint(2, strength);
  c.v1 = v1;
  c.v2 = v2;
  addConstraint(c, planner);
  return c;
}

function scaleConstraint(src, scale, offset, dest, strength, planner) {
  const c = newConstraint(3, strength);
  c.v1 = src;
  c.v2 = dest;
  c.scale = scale;
  c.offset = offset;
  addConstraint(c, planner);
  return c;
}

function isInput(c) { return c.kind === 1; }

function isSatisfied(c) {
  if (c.kind < 2) return c.satisfied;
  return c.direction !== 0;
}

function destroyConstraint(c, planner) {
  if (isSatisfied(c)) incrementalRemove(planner, c);
  removeFromGraph(c);
}

function chooseMethod(c, mark) {
  if (c.kind < 2) {
    c.satisfied = c.output.mark !== mark && c.strength < c.output.walkStrength;
    return;
  }
  if (c.v1.mark === mark) {
    c.direction = (c.v2.mark !== mark && c.strength < c.v2.walkStrength) ? 1 : 0;
    return;
  }
  if (c.v2.mark === mark) {
    c.direction = (c.v1.mark !== mark && c.strength < c.v1.walkStrength) ? 2 : 0;
    return;
  }
  if (c.v1.walkStrength > c.v2.walkStrength) {
    c.direction = c.strength < c.v1.walkStrength ? 2 : 0;
  } else {
    c.direction = c.strength < c.v2.walkStrength ? 1 : 0;
  }
}

function getInput(c) {
  return c.direction === 1 ? c.v1 : c.v2;
}

function getOutput(c) {
  if (c.kind < 2) return c.output;
  return c.direction === 1 ? c.v2 : c.v1;
}

function markInputs(c, mark) {
  if (c.kind >= 2) {
    getInput(c).mark = mark;
    if (c.kind === 3) {
      c.scale.mark = mark;
      c.offset.mark = mark;
    }
  }
}

function markUnsatisfied(c) {
  if (c.kind < 2) c.satisfied = false; else c.direction = 0;
}

function inputsKnown(c, mark) {
  if (c.kind < 2) return true;
  const ihn = getInput(c);
  return ihn.mark === mark || ihn.stay || ihn.determinedBy === null;
}

function execute(c) {
  if (c.kind === 2) {
    if (c.direction === 1) c.v2.value = c.v1.value; else c.v1.value = c.v2.value;
  }
  if (c.kind === 3) {
    if (c.direction === 1) {
      c.v2.value = c.v1.value * c.scale.value + c.offset.value;
    } else {
      c.v1.value = Math.trunc((c.v2.value - c.offset.value) / c.scale.value);
    }
  }
}

function weakest(a, b) { return a > b ? a : b; }

function recalculate(c) {
  if (c.kind < 2) {
    c.output.walkStrength = c.strength;
    c.output.stay = c.kind !== 1;
    if (c.output.stay) execute(c);
    return;
  }
  const ihn = getInput(c);
  const out = getOutput(c);
  out.walkStrength = weakest(c.strength, ihn.walkStrength);
  if (c.kind === 3) {
    out.stay = ihn.stay && c.scale.stay && c.offset.stay;
  } else {
    out.stay = ihn.stay;
  }
  if (out.stay) execute(c);
}

function satisfy(c, mark, planner) {
  chooseMethod(c, mark);
  if (!isSatisfied(c)) {
    if (c.strength === 1) fail("Could not satisfy a required constraint");
    return null;
  }
  markInputs(c, mark);
  const out = getOutput(c);
  const overridden = out.determinedBy;
  if (overridden !== null) markUnsatisfied(overridden);
  out.determinedBy = c;
  if (!addPropagate(planner, c, mark)) fail("Cycle encountered");
  out.mark = mark;
  return overridden;
}

// ---- Planner

function newPlanner() { return { currentMark: 1 }; }

function newMark(p) {
  p.currentMark++;
  return p.currentMark;
}

function addConstraintsConsumingTo(v, coll) {
  const determiningC = v.determinedBy;
  const cs = v.constraints;
  for (let i = 0; i < vSize(cs); i++) {
    const c = vAt(cs, i);
    if (c !== determiningC && isSatisfied(c)) vAppend(coll, c);
  }
}

function removePropagateFrom(p, out) {
  const unsatisfied = vNew();
  out.determinedBy = null;
  out.walkStrength = 7;
  out.stay = true;
  const todo = vWith(out);
  while (!vIsEmpty(todo)) {
    const v = vRemoveFirst(todo);
    const cs = v.constraints;
    for (let i = 0; i < vSize(cs); i++) {
      const c = vAt(cs, i);
      if (!isSatisfied(c)) vAppend(unsatisfied, c);
    }
    const determiningC = v.determinedBy;
    for (let i = 0; i < vSize(cs); i++) {
      const c = vAt(cs, i);
      if (c !== determiningC && isSatisfied(c)) {
        recalculate(c);
        vAppend(todo, getOutput(c));
      }
    }
  }
  vSortByStrength(unsatisfied);
  return unsatisfied;
}

function incrementalAdd(p, c) {
  const mark = newMark(p);
  let overridden = satisfy(c, mark, p);
  while (overridden !== null) {
    overridden = satisfy(overridden, mark, p);
  }
}

function incrementalRemove(p, c) {
  const out = getOutput(c);
  markUnsatisfied(c);
  removeFromGraph(c);
  const unsatisfied = removePropagateFrom(p, out);
  for (let i = 0; i < vSize(unsatisfied); i++) incrementalAdd(p, vAt(unsatisfied, i));
}

function addPropagate(p, c, mark) {
  const todo = vWith(c);
  while (!vIsEmpty(todo)) {
    const d = vRemoveFirst(todo);
    if (getOutput(d).mark === mark) {
      incrementalRemove(p, c);
      return false;
    }
    recalculate(d);
    addConstraintsConsumingTo(getOutput(d), todo);
  }
  return true;
}

function makePlan(p, sources) {
  const mark = newMark(p);
  const plan = vNew();
  const todo = sources;
  while (!vIsEmpty(todo)) {
    const c = vRemoveFirst(todo);
    const out = getOutput(c);
    if (out.mark !== mark && inputsKnown(c, mark)) {
      vAppend(plan, c);
      out.mark = mark;
      addConstraintsConsumingTo(out, todo);
    }
  }
  return plan;
}

function extractPlanFromConstraints(p, constraints) {
  const sources = vNew();
  for (let i = 0; i < vSize(constraints); i++) {
    const c = vAt(constraints, i);
    if (isInput(c) && isSatisfied(c)) vAppend(sources, c);
  }
  return makePlan(p, sources);
}

function executePlan(plan) {
  for (let i = 0; i < vSize(plan); i++) execute(vAt(plan, i));
}

function changeVar(p, aVariable, newValue) {
  const editV = unaryConstraint(1, aVariable, 3, p);
  const plan = extractPlanFromConstraints(p, vWith(editV));
  for (let i = 0; i < 10; i++) {
    aVariable.value = newValue;
    executePlan(plan);
  }
  destroyConstraint(editV, p);
}

// ---- The two tests

function chainTest(n) {
  const p = newPlanner();
  const vars = [];
  for (let i = 0; i <= n; i++) vars[i] = newVariable(0);
  for (let i = 0; i < n; i++) equalityConstraint(vars[i], vars[i + 1], 1, p);
  unaryConstraint(0, vars[n], 4, p);
  const editC = unaryConstraint(1, vars[0], 3, p);
  const plan = extractPlanFromConstraints(p, vWith(editC));
  for (let i = 0; i < 100; i++) {
    vars[0].value = i;
    executePlan(plan);
    if (vars[n].value !== i) fail("Chain test failed");
  }
  destroyConstraint(editC, p);
  return true;
}

function projectionTest(n) {
  const p = newPlanner();
  const scale = newVariable(10);
  const offset = newVariable(1000);
  let src = null, dst = null;
  const dests = vNew();
  for (let i = 0; i < n; i++) {
    src = newVariable(i);
    dst = newVariable(i);
    vAppend(dests, dst);
    unaryConstraint(0, src, 5, p);
    scaleConstraint(src, scale, offset, dst, 1, p);
  }
  changeVar(p, src, 17);
  if (dst.value !== 1170) fail("Projection 1 failed");
  changeVar(p, dst, 1050);
  if (src.value !== 5) fail("Projection 2 failed");
  changeVar(p, scale, 5);
  for (let i = 0; i < n - 1; i++) {
    if (vAt(dests, i).value !== i * 5 + 1000) fail("Projection 3 failed");
  }
  changeVar(p, offset, 2000);
  for (let i = 0; i < n - 1; i++) {
    if (vAt(dests, i).value !== i * 5 + 2000) fail("Projection 4 failed");
  }
  return true;
}

function benchmark() {
  return chainTest(100) && projectionTest(100);
}

harness.run("DeltaBlue", benchmark, true);
