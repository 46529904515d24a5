//! Refused compilations by kind: a budget refusal is expected and not an error; unsupported
//! input and internal errors are recorded by the engine as unexpected (the test modes fail
//! on them), also when only the attempt with inlining failed.
//! The same check fails every compiled test mode of every language
//! (`bonsai::testing::assert_no_unexpected_refusals`), so no program passes by staying
//! interpreted.

use bonsai::compiler::{Bailout, Internal, Unsupported};
use bonsai::engine::{Engine, EngineOptions, Refusal};
use bonsai::prelude::*;
use std::rc::Rc;

/// Returns its argument, after a guard outside any specialization: the interpreter ignores the
/// guard's miss; the partial evaluator has no fallback for it (an internal error).
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

/// `break` outside any loop: unsupported by the partial evaluator.
struct StrayBreak;

impl Execute for StrayBreak {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.break_loop()?;
        Ok(d.constant(Value::Null))
    }
}

impl Dump for StrayBreak {
    fn dump(&self, w: &mut TreeDump) {
        w.line("StrayBreak")
    }
}

/// Returns its argument.
struct Identity;

impl Execute for Identity {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.argument(0))
    }
}

impl Dump for Identity {
    fn dump(&self, w: &mut TreeDump) {
        w.line("Identity")
    }
}

/// Calls `function` with its argument.
struct CallOf(FunctionRef);

impl Execute for CallOf {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.argument(0);
        d.call_function(self.0, &[a])
    }
}

impl Dump for CallOf {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format_args!("CallOf {}", self.0.name()))
    }
}

fn eager_engine(compiler: bonsai_pe::JitCompiler) -> Rc<Engine> {
    let options = EngineOptions { compile_threshold_calls: 1, ..EngineOptions::default() };
    Engine::new(options, Some(Box::new(compiler)))
}

fn jit() -> bonsai_pe::JitCompiler {
    bonsai_pe::JitCompiler::verifying(false).expect("host supports the JIT")
}

/// Calls a fresh target with body `body` once on `engine` and returns what the engine recorded.
fn refusals_after_one_call(engine: &Rc<Engine>, body: Box<dyn Node>) -> (Vec<Refusal>, &'static CallTarget) {
    let target = CallTarget::new("unit", FrameDescriptor::new(), body);
    let ctx = ExecContext::new(engine.clone());
    let _mutator = bonsai::heap::MutatorGuard::acquire();
    let result = target.call(&ctx, &[Value::Int(7)]);
    if let Ok(v) = result {
        assert!(matches!(v, Value::Int(7)), "{v:?}");
    }
    (engine.refusals(), target)
}

#[test]
fn a_node_budget_refusal_is_a_budget_and_not_unexpected() {
    let engine = eager_engine(jit().with_max_nodes(0));
    let (refusals, target) = refusals_after_one_call(&engine, Box::new(Identity));
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].bailout, Bailout::NodeBudget { nodes: 1, limit: 0 });
    assert!(refusals[0].bailout.is_budget());
    assert!(engine.unexpected_refusals().is_empty());
    assert!(!target.is_compiled());
}

#[test]
fn an_ir_budget_refusal_is_a_budget_and_not_unexpected() {
    let engine = eager_engine(jit().with_max_ir_instructions(1));
    let (refusals, _) = refusals_after_one_call(&engine, Box::new(Identity));
    assert_eq!(refusals.len(), 1);
    assert!(matches!(refusals[0].bailout, Bailout::IrBudget { limit: 1, .. }), "{:?}", refusals[0]);
    assert!(refusals[0].bailout.is_budget());
    assert!(engine.unexpected_refusals().is_empty());
}

#[test]
fn an_internal_error_is_recorded_as_unexpected() {
    let engine = eager_engine(jit());
    let (refusals, target) = refusals_after_one_call(&engine, Box::new(StrayGuard));
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].bailout, Bailout::Internal(Internal::Invariant("guard outside a speculation")));
    assert!(!refusals[0].bailout.is_budget());
    assert_eq!(refusals[0].to_string(), "unit: internal error: guard outside a speculation");
    assert_eq!(engine.unexpected_refusals().len(), 1);
    assert!(!target.is_compiled());
}

#[test]
fn unsupported_input_is_recorded_as_unexpected() {
    let engine = eager_engine(jit());
    let (refusals, _) = refusals_after_one_call(&engine, Box::new(StrayBreak));
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].bailout, Bailout::Unsupported(Unsupported::BreakOutsideLoop));
    assert_eq!(engine.unexpected_refusals().len(), 1);
}

#[test]
fn a_failure_with_inlining_is_recorded_even_when_the_unit_compiles_without() {
    let engine = eager_engine(jit());
    let _mutator = bonsai::heap::MutatorGuard::acquire();
    let ctx = ExecContext::new(engine.clone());
    let callee = Function::new("callee", |f| GuestError::new(format!("undefined {}", f.name())));
    callee.set_target(CallTarget::new("callee", FrameDescriptor::new(), Box::new(StrayGuard)));
    // The callee runs once (refused: internal error), so that its caller inlines it.
    assert!(matches!(callee.call(&ctx, &[Value::Int(1)]), Ok(Value::Int(1))));
    let caller = CallTarget::new("caller", FrameDescriptor::new(), Box::new(CallOf(callee)));
    assert!(matches!(caller.call(&ctx, &[Value::Int(2)]), Ok(Value::Int(2))));
    assert!(caller.is_compiled(), "the caller compiles without inlining");
    let refusals = engine.refusals();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert_eq!(refusals[1].target, "caller");
    assert!(refusals[1].compiled_without_inlining);
    assert_eq!(refusals[1].bailout, Bailout::Internal(Internal::Invariant("guard outside a speculation")));
    assert_eq!(engine.unexpected_refusals().len(), 2);
}

/// The check every compiled test mode runs after a program (`bonsai::testing`): it fails the
/// run on an internal refusal…
#[test]
#[should_panic(expected = "unit: internal error: guard outside a speculation")]
fn the_test_modes_fail_a_run_with_an_internal_refusal() {
    let engine = eager_engine(jit());
    refusals_after_one_call(&engine, Box::new(StrayGuard));
    bonsai::testing::assert_no_unexpected_refusals("stray in mode Eager", &engine);
}

/// …and accepts a budget refusal.
#[test]
fn the_test_modes_accept_a_budget_refusal() {
    let engine = eager_engine(jit().with_max_nodes(0));
    let (refusals, _) = refusals_after_one_call(&engine, Box::new(StrayGuard));
    assert_eq!(refusals.len(), 1);
    bonsai::testing::assert_no_unexpected_refusals("stray in mode Eager", &engine);
}
