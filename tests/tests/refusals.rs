//! The harness fails a run whose engine refused a compilation for a reason other than a
//! budget (`assert_no_unexpected_refusals`, called by `run_sl_with` in every mode), and
//! accepts budget refusals.

use bonsai::engine::{Engine, EngineOptions};
use bonsai::prelude::*;
use bonsai_tests::assert_no_unexpected_refusals;
use std::rc::Rc;

/// Returns its argument after a guard outside any specialization: fine in the interpreter,
/// an internal error for the partial evaluator (it has no fallback to branch to).
struct StrayGuard;

impl Execute for StrayGuard {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.argument(0);
        let is_int = d.has_tag(a, Tag::Int);
        let _ = d.guard(is_int);
        Ok(a)
    }
}

impl Dump for StrayGuard {
    fn dump(&self, w: &mut TreeDump) {
        w.line("StrayGuard")
    }
}

/// Runs a fresh `StrayGuard` target once, eagerly compiled by `compiler`; returns the engine.
fn engine_after_one_call(compiler: bonsai_pe::JitCompiler) -> Rc<Engine> {
    let options = EngineOptions { compile_threshold_calls: 1, ..EngineOptions::default() };
    let engine = Engine::new(options, Some(Box::new(compiler)));
    let target = CallTarget::new("stray", FrameDescriptor::new(), Box::new(StrayGuard));
    let _mutator = bonsai::heap::MutatorGuard::acquire();
    let result = target.call(&ExecContext::new(engine.clone()), &[Value::Int(3)]);
    assert!(matches!(result, Ok(Value::Int(3))), "the program still runs, interpreted");
    engine
}

#[test]
#[should_panic(expected = "stray: internal error: guard outside a speculation")]
fn an_internal_refusal_fails_the_run() {
    let engine = engine_after_one_call(bonsai_pe::JitCompiler::verifying(false).expect("JIT"));
    assert_no_unexpected_refusals("stray in mode Eager", &engine);
}

#[test]
fn a_budget_refusal_does_not_fail_the_run() {
    let jit = bonsai_pe::JitCompiler::verifying(false).expect("JIT").with_max_nodes(0);
    let engine = engine_after_one_call(jit);
    assert_eq!(engine.refusals().len(), 1);
    assert_no_unexpected_refusals("stray in mode Eager", &engine);
}
