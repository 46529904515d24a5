//! The stack-walk API of `bonsai::frame` on a tree built directly with framework nodes, in the
//! interpreter and in compiled code: a callee walks to its caller's frame, reads assigned and
//! unassigned slots, is refused a write to an uncaptured slot, and writes a captured slot that
//! the caller then reads (compiled code reloads captured slots after the call).

use bonsai::call::CallTarget;
use bonsai::context::ExecContext;
use bonsai::engine::{Engine, EngineOptions};
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::frame::{FrameDescriptor, FrameSlot};
use bonsai::function::Function;
use bonsai::heap::MutatorGuard;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::nodes::{ReadLocalNode, WriteLocalNode};
use bonsai::value::Value;

struct Constant(i64);

impl Execute for Constant {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.constant(Value::Int(self.0)))
    }
}

impl Dump for Constant {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Constant {}", self.0));
    }
}

/// Runs its children in order; the last one's value is the result.
struct Sequence(Vec<Box<dyn Node>>);

impl Execute for Sequence {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let mut last = d.constant(Value::Null);
        for child in &self.0 {
            last = d.execute(&**child)?;
        }
        Ok(last)
    }
}

impl Dump for Sequence {
    fn dump(&self, w: &mut TreeDump) {
        let children: Vec<&dyn Node> = self.0.iter().map(|c| &**c).collect();
        w.node("Sequence", &children);
    }
}

/// Calls `function` without arguments and yields its result.
struct Call(&'static Function);

impl Execute for Call {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.call_function(self.0, &[])
    }
}

impl Dump for Call {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Call {}", self.0.name()));
    }
}

/// The callee's body: walks to the caller ("caller", the frame below its own), checks what it
/// sees and writes the caller's captured slot `$1` with 42; fails when a check does not hold.
struct Walk;

impl Execute for Walk {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.boundary(
            self,
            |_: &Walk, interp: &mut Interp<'_>, _: &[Value]| {
                let mut names = Vec::new();
                let checks = interp.ctx.iterate_frames(|frame| {
                    names.push(frame.call_target().name().to_string());
                    if frame.call_target().name() != "caller" {
                        return None;
                    }
                    let assigned = matches!(frame.read_slot(FrameSlot(0)), Some(Value::Int(7)));
                    let unassigned = frame.read_slot(FrameSlot(2)).is_none();
                    let out_of_range = frame.read_slot(FrameSlot(9)).is_none();
                    let refused = frame.write_slot(FrameSlot(0), Value::Int(9)).is_err();
                    let written = frame.write_slot(FrameSlot(1), Value::Int(42)).is_ok();
                    Some(assigned && unassigned && out_of_range && refused && written)
                });
                if names != ["callee", "caller"] || checks != Some(true) {
                    return Err(GuestError::new(format!("walk saw {names:?}, checks {checks:?}")));
                }
                Ok(Value::TRUE)
            },
            &[],
        )
    }
}

impl Dump for Walk {
    fn dump(&self, w: &mut TreeDump) {
        w.line("Walk");
    }
}

fn undefined(f: &Function) -> GuestError {
    GuestError::new(format!("undefined {}", f.name()))
}

/// `caller`: `a = 7; b = 1; ok = callee(); b` with a fourth slot `never` never assigned and
/// `b` captured. Returns `b` after the call: 42 when the callee's write reached the frame.
fn build() -> &'static CallTarget {
    let callee = Function::new("callee", undefined);
    callee.set_target(CallTarget::new("callee", FrameDescriptor::new(), Box::new(Walk)));
    let mut descriptor = FrameDescriptor::new();
    let a = descriptor.add_slot("a");
    let b = descriptor.add_slot("b");
    descriptor.add_slot("never");
    let ok = descriptor.add_slot("ok");
    descriptor.capture(b);
    let write = |name: &str, slot, value: Box<dyn Node>| -> Box<dyn Node> {
        Box::new(WriteLocalNode::new(name, slot, value))
    };
    let body = Sequence(vec![
        write("a", a, Box::new(Constant(7))),
        write("b", b, Box::new(Constant(1))),
        write("ok", ok, Box::new(Call(callee))),
        Box::new(ReadLocalNode { name: "b".into(), slot: b }),
    ]);
    CallTarget::new("caller", descriptor, Box::new(body))
}

fn run(engine: std::rc::Rc<Engine>) {
    let _mutator = MutatorGuard::acquire();
    let ctx = ExecContext::new(engine);
    let caller = build();
    for _ in 0..3 {
        let result = caller.call(&ctx, &[]).map_err(|e| e.to_string());
        assert!(
            matches!(result, Ok(Value::Int(42))),
            "caller returned {:?}",
            result.map(|v| format!("{v:?}"))
        );
    }
    assert!(ctx.top_activation().is_null(), "every activation unlinked");
}

#[test]
fn walks_interpreted_frames() {
    run(Engine::new(EngineOptions { compilation: false, ..EngineOptions::default() }, None));
}

#[test]
fn walks_compiled_frames() {
    let options = EngineOptions { compile_threshold_calls: 1, verify_ir: true, ..EngineOptions::default() };
    run(bonsai_pe::engine(options).expect("JIT available"));
}
