//! Non-local control transfers (`Domain::transfer` / `Domain::catch_transfer`, the mechanism of
//! SOM's `^` inside a block) on trees built directly with framework nodes: a transfer unwinds
//! through activations that do not catch it — interpreted or compiled — to the innermost
//! `catch_transfer` of its target, which completes with the transferred value; a catch of
//! another target lets it pass; a transfer nothing catches is an internal error, not a crash.
//! Compiled, a transfer to a catch of the same unit is a jump, and one arriving from a call
//! is taken at the catch: either way the catching activation goes on in its compiled code.

use bonsai::call::CallTarget;
use bonsai::context::ExecContext;
use bonsai::engine::{Engine, EngineOptions};
use bonsai::error::GuestError;
use bonsai::exec::Domain;
use bonsai::frame::FrameDescriptor;
use bonsai::function::Function;
use bonsai::heap::MutatorGuard;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::value::Value;
use std::rc::Rc;

/// `transfer (argument 0), 42`.
struct Transfer;

impl Execute for Transfer {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let (target, value) = (d.argument(0), d.constant(Value::Int(42)));
        d.transfer(self, target, value)
    }
}

impl Dump for Transfer {
    fn dump(&self, w: &mut TreeDump) {
        w.line("Transfer");
    }
}

/// Calls `function` with the current call's first argument; then yields 7 (reached only when
/// the call returns normally).
struct CallThenSeven(&'static Function);

impl Execute for CallThenSeven {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let target = d.argument(0);
        d.call_function(self.0, &[target])?;
        Ok(d.constant(Value::Int(7)))
    }
}

impl Dump for CallThenSeven {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("CallThenSeven {}", self.0.name()));
    }
}

/// `catch_transfer (constant marker), body` where the body calls `function` with `target`.
struct Catch {
    marker: i64,
    target: i64,
    function: &'static Function,
}

impl Execute for Catch {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let marker = d.constant(Value::Int(self.marker));
        d.catch_transfer(marker, |d| {
            let target = d.constant(Value::Int(self.target));
            d.call_function(self.function, &[target])
        })
    }
}

impl Dump for Catch {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Catch {} calling {} with {}", self.marker, self.function.name(), self.target));
    }
}

fn undefined(f: &Function) -> GuestError {
    GuestError::new(format!("undefined {}", f.name()))
}

fn function(name: &str, body: Box<dyn Node>) -> &'static Function {
    let f = Function::new(name, undefined);
    f.set_target(CallTarget::new(name, FrameDescriptor::new(), body));
    f
}

/// `thrower(t)` transfers to `t`; `middle(t)` calls it and would yield 7; `inner` catches marker
/// 2 around `middle(target)`; `outer` catches marker 1 around `inner`.
/// The outer target, and the functions the transfer leaves (`thrower` and `middle`).
fn build(target: i64) -> (&'static CallTarget, [&'static Function; 2]) {
    let thrower = function("thrower", Box::new(Transfer));
    let middle = function("middle", Box::new(CallThenSeven(thrower)));
    let inner = function("inner", Box::new(Catch { marker: 2, target, function: middle }));
    let outer = Catch { marker: 1, target: 0, function: inner };
    (CallTarget::new("outer", FrameDescriptor::new(), Box::new(outer)), [thrower, middle])
}

/// Runs `outer` three times; its last result, and how often `thrower` and `middle` were
/// compiled.
fn run(engine: Rc<Engine>, target: i64) -> (Result<Value, GuestError>, [u32; 2]) {
    let _mutator = MutatorGuard::acquire();
    let ctx = ExecContext::new(engine);
    let (outer, left) = build(target);
    let mut last = None;
    for _ in 0..3 {
        last = Some(outer.call(&ctx, &[]));
        assert!(ctx.top_activation().is_null(), "every activation unlinked");
    }
    let compilations = left.map(|f| f.target().map_or(0, |t| t.compilations()));
    (last.expect("ran"), compilations)
}

fn interpreter() -> Rc<Engine> {
    Engine::new(EngineOptions { compilation: false, ..EngineOptions::default() }, None)
}

/// Eager compilation; with `max_inline_nodes` 0 no call is inlined, so every transfer leaves
/// the unit that makes it and is taken by the catch of another.
fn eager(max_inline_nodes: usize) -> Rc<Engine> {
    let options = EngineOptions {
        compile_threshold_calls: 1,
        verify_ir: true,
        max_inline_nodes,
        ..EngineOptions::default()
    };
    bonsai_pe::engine(options).expect("JIT available")
}

#[test]
fn a_transfer_unwinds_to_the_catch_of_its_target() {
    assert!(matches!(run(interpreter(), 2).0, Ok(Value::Int(42))));
    // Through the inner catch, whose marker is not the target, to the outer one.
    assert!(matches!(run(interpreter(), 1).0, Ok(Value::Int(42))));
}

#[test]
fn a_transfer_nothing_catches_is_an_internal_error() {
    let e = run(interpreter(), 3).0.expect_err("no catch of target 3");
    assert!(e.message().starts_with("internal error: a non-local transfer"), "{e}");
}

#[test]
fn compiled_code_catches_a_transfer_at_its_catch() {
    for (target, inline) in [(2, 100), (1, 100), (2, 0), (1, 0)] {
        let engine = eager(inline);
        let (result, [thrower, middle]) = run(engine.clone(), target);
        assert!(matches!(result, Ok(Value::Int(42))), "target {target}: {result:?}");
        // Everything compiled (`thrower` perhaps inlined into `middle`), nothing refused.
        assert!(middle > 0, "compilations: thrower {thrower}, middle {middle}");
        assert!(engine.refusals().is_empty(), "{:?}", engine.refusals());
        // Each of the three runs caught its transfer in compiled code: no activation left its
        // code for the interpreter, and no code was invalidated (one compilation each).
        assert!(engine.deopt_events().is_empty(), "{:?}", engine.deopt_events());
        assert_eq!(middle, 1, "middle recompiled");
    }
}
