//! Doubles in the execution domain (`Domain::float_op`, `float_compare`, `box_double`,
//! `unbox_double`, `int_to_float`) on a tree built directly with framework nodes: the
//! interpreter and compiled code give the same IEEE results bit for bit (NaN, infinities,
//! `-0.0`), and compiled code computes in `f64` registers — its IR has the float instructions
//! and unboxes a double it boxed itself without a move through an integer register.

use bonsai::call::CallTarget;
use bonsai::context::ExecContext;
use bonsai::engine::{Engine, EngineOptions};
use bonsai::exec::{Domain, FloatCmp, FloatOp};
use bonsai::frame::FrameDescriptor;
use bonsai::heap::MutatorGuard;
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::testing::{Rng, SharedBuffer};
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// `f(x, n)`: for a double `x` and an integer `n`, `x * 2.5 + n` and whether it is below 0
/// (an array of two values would need objects: the node answers the sum when it is not below
/// zero, else its negation minus 0.5); anything else is NULL.
struct Polynomial {
    doubles: ConditionProfile,
    negative: ConditionProfile,
}

impl Execute for Polynomial {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let (x, n) = (d.argument(0), d.argument(1));
        let (a, b) = (d.has_tag(x, Tag::Double), d.has_tag(n, Tag::Int));
        let both = d.and(a, b);
        d.choose(
            both,
            &self.doubles,
            |d| {
                let (x, n) = (d.unbox_double(x), d.unbox_int(n));
                let factor = d.float_constant(2.5);
                let scaled = d.float_op(FloatOp::Mul, x, factor);
                let n = d.int_to_float(n);
                let sum = d.float_op(FloatOp::Add, scaled, n);
                // Boxed and unboxed again: compiled code keeps the f64.
                let boxed = d.box_double(sum);
                let sum = d.unbox_double(boxed);
                let zero = d.float_constant(0.0);
                let below = d.float_compare(FloatCmp::Lt, sum, zero);
                d.choose(
                    below,
                    &self.negative,
                    |d| {
                        let half = d.float_constant(0.5);
                        let negated = d.float_op(FloatOp::Sub, zero, sum);
                        let r = d.float_op(FloatOp::Sub, negated, half);
                        Ok(d.box_double(r))
                    },
                    |_| Ok(boxed),
                )
            },
            |d| Ok(d.constant(Value::Null)),
        )
    }
}

impl Dump for Polynomial {
    fn dump(&self, w: &mut TreeDump) {
        w.line("Polynomial");
    }
}

/// The expected result, computed in Rust.
fn expected(x: Value, n: Value) -> Value {
    match (x, n) {
        (Value::Double(x), Value::Int(n)) => {
            let sum = x.get() * 2.5 + n as f64;
            if sum < 0.0 {
                Value::from_f64((0.0 - sum) - 0.5)
            } else {
                Value::from_f64(sum)
            }
        }
        _ => Value::Null,
    }
}

fn inputs() -> Vec<(Value, Value)> {
    let mut rng = Rng::new(0x5eed_d0b1e);
    let mut cases = vec![
        (Value::from_f64(1.5), Value::Int(3)),
        (Value::from_f64(-4.0), Value::Int(1)),
        (Value::from_f64(-0.0), Value::Int(0)),
        (Value::from_f64(f64::NAN), Value::Int(1)),
        (Value::from_f64(f64::INFINITY), Value::Int(-1)),
        (Value::from_f64(f64::NEG_INFINITY), Value::Int(7)),
        (Value::from_f64(1e308), Value::Int(i64::MAX)),
        (Value::Int(3), Value::Int(3)),
        (Value::from_f64(2.0), Value::from_f64(2.0)),
    ];
    for _ in 0..200 {
        let x = f64::from_bits(rng.next_u64());
        let n = rng.next_u64() as i64 >> (rng.next_u64() % 64);
        cases.push((Value::from_f64(x), Value::Int(n)));
    }
    cases
}

/// Runs every input through the target; the results' words, and the target.
fn run(engine: Rc<Engine>) -> (Vec<(u64, u64)>, &'static CallTarget) {
    let _mutator = MutatorGuard::acquire();
    let ctx = ExecContext::new(engine);
    let node = Polynomial { doubles: ConditionProfile::new(), negative: ConditionProfile::new() };
    let target = CallTarget::with_parameters("polynomial", FrameDescriptor::new(), 2, Box::new(node));
    let mut results = Vec::new();
    for (x, n) in inputs() {
        let r = target.call(&ctx, &[x, n]).expect("no error");
        let e = expected(x, n);
        assert_eq!(
            (r.tag(), r.payload_bits()),
            (e.tag(), e.payload_bits()),
            "polynomial({x:?}, {n:?}) = {r:?}, expected {e:?}"
        );
        results.push((r.tag().bits(), r.payload_bits()));
    }
    (results, target)
}

#[test]
fn the_interpreter_and_compiled_code_compute_the_same_doubles() {
    let (interpreted, _) =
        run(Engine::new(EngineOptions { compilation: false, ..EngineOptions::default() }, None));
    let log = SharedBuffer::default();
    let options = EngineOptions {
        compile_threshold_calls: 1,
        verify_ir: true,
        dump_ir: true,
        ..EngineOptions::default()
    };
    let engine = bonsai_pe::engine_with_log(options, Box::new(log.clone())).expect("JIT available");
    let (compiled, target) = run(engine.clone());
    assert_eq!(interpreted, compiled);
    assert!(target.compilations() > 0, "compiled");
    assert!(engine.refusals().is_empty(), "{:?}", engine.refusals());
    let ir = String::from_utf8_lossy(&log.contents()).into_owned();
    for instruction in ["fmul", "fadd", "fcmp lt", "fcvt_from_sint", "fsub"] {
        assert!(ir.contains(instruction), "no {instruction} in\n{ir}");
    }
    // The sum is boxed once (a bitcast to its payload) and never moved back: the comparison
    // and the negation use the f64 itself.
    let back = ir.lines().filter(|l| l.contains("bitcast.f64")).count();
    assert_eq!(back, 1, "only the argument is unboxed:\n{ir}");
}
