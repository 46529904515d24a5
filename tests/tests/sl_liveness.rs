//! Frame-slot liveness at loop headers ([`bonsai::exec::liveness`]) of SL functions: the
//! analysis runs the real SL nodes (blocks, `if`, `while`, property writes through inline
//! caches, builtin calls), before and after the interpreter specialized them.

use bonsai::engine::{Engine, EngineOptions};
use bonsai::exec::loop_liveness;
use bonsai::heap::MutatorGuard;
use sl::launcher::Session;

/// Per loop of `function` (in the order the analysis meets them), the names of its live slots
/// in slot order; the same before and after calling `function(10)` in the interpreter.
fn live(program: &str, function: &str) -> Vec<Vec<String>> {
    let _mutator = MutatorGuard::acquire();
    let engine = Engine::new(EngineOptions { compilation: false, ..Default::default() }, None);
    let session = Session::new(engine, Box::new(std::io::sink()));
    session.load("liveness.sl", program).expect("the program parses");
    let target = session.context().function(function).target().expect("the function is defined");
    let names = |t: &bonsai::call::CallTarget| -> Vec<Vec<String>> {
        loop_liveness(t)
            .loops()
            .map(|(_, slots)| slots.iter().map(|&s| t.frame_descriptor().slot(s).name.clone()).collect())
            .collect()
    };
    let cold = names(target);
    session
        .call(function, &[bonsai::value::Value::Int(10)])
        .map_err(|e| e.to_string())
        .expect("the call succeeds");
    assert_eq!(names(target), cold, "liveness changed once the tree specialized");
    cold
}

#[test]
fn an_object_allocated_and_used_in_each_iteration_is_dead_at_the_header() {
    let program = "
function f(n) {
  i = 0;
  while (i < n) { p = new(); p.x = i; i = i + 1; }
  return i;
}";
    assert_eq!(live(program, "f"), [["n", "i"]]);
}

#[test]
fn a_slot_read_after_the_loop_is_live() {
    let program = "
function f(n) {
  i = 0; p = null;
  while (i < n) { p = new(); p.x = i; i = i + 1; }
  return p;
}";
    assert_eq!(live(program, "f"), [["n", "i", "p"]]);
}

#[test]
fn a_slot_read_in_the_body_before_its_write_is_live() {
    let program = "
function f(n) {
  i = 0; p = new();
  while (i < n) { q = p; p = new(); p.prev = q; i = i + 1; }
  return i;
}";
    assert_eq!(live(program, "f"), [["n", "i", "p"]]);
}

#[test]
fn a_slot_written_in_one_branch_then_read_is_live() {
    // (SL locals are block-scoped: `p` is declared before the loop.)
    let program = "
function f(n) {
  i = 0; s = 0; p = 0;
  while (i < n) { if (i < 3) { p = i; } s = s + p; i = i + 1; }
  return s;
}";
    assert_eq!(live(program, "f"), [["n", "i", "s", "p"]]);
    let both = "
function f(n) {
  i = 0; s = 0; p = 0;
  while (i < n) { if (i < 3) { p = i; } else { p = 1; } s = s + p; i = i + 1; }
  return s;
}";
    assert_eq!(live(both, "f"), [["n", "i", "s"]]);
}

#[test]
fn nested_loops() {
    // The inner header's `n` is read once the outer loop comes around; `j` is dead at the
    // outer header (written first).
    let program = "
function f(n) {
  i = 0; s = 0;
  while (i < n) {
    j = 0;
    while (j < i) { s = s + j; j = j + 1; }
    i = i + 1;
  }
  return s;
}";
    assert_eq!(live(program, "f"), [vec!["n", "i", "s"], vec!["n", "i", "s", "j"]]);
}

#[test]
fn break_paths() {
    // The break skips the write of `p` and `x` is read after the loop: both live. `t` is
    // written before any read on every path.
    let program = "
function f(n) {
  i = 0; p = 0; x = 0;
  while (i < n) {
    t = new(); t.v = i;
    if (i == 5) { x = t.v; break; }
    p = i; i = i + 1;
  }
  return p + x;
}";
    assert_eq!(live(program, "f"), [["n", "i", "p", "x"]]);
}

#[test]
fn a_call_targets_liveness_is_computed_once_per_version_of_its_tree() {
    let _mutator = MutatorGuard::acquire();
    let engine = Engine::new(EngineOptions { compilation: false, ..Default::default() }, None);
    let session = Session::new(engine, Box::new(std::io::sink()));
    let program = "function f(n) { i = 0; while (i < n) { i = i + 1; } return i; }";
    session.load("liveness.sl", program).expect("the program parses");
    let target = session.context().function("f").target().expect("the function is defined");
    let first = target.loop_liveness();
    assert!(std::rc::Rc::ptr_eq(&first, &target.loop_liveness()), "the same version shares one analysis");
    // The first call specializes the tree's nodes: a rewrite, a new version, a new analysis.
    session.call("f", &[bonsai::value::Value::Int(3)]).map_err(|e| e.to_string()).expect("the call succeeds");
    assert!(!std::rc::Rc::ptr_eq(&first, &target.loop_liveness()), "a rewritten tree is analyzed again");
}
