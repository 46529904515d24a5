//! Integer arithmetic `+ - * /` and comparisons `== != < <= > >=`.

use super::{display, error_at, NodeBox};
use bonsai::exec::{Domain, IntCmp, IntOp, Interp, Miss, Unwind};
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::source::SourceSection;
use bonsai::specialization;
use bonsai::specialization::{Specialization, SpecializationState, Specialize};
use bonsai::value::{Tag, Value};

/// Guards that both operands are `Int`; returns them unboxed.
fn guard_ints<D: Domain + ?Sized>(d: &mut D, ops: &[D::Value]) -> Result<(D::Int, D::Int), Miss<D::Abrupt>> {
    let a = d.has_tag(ops[0], Tag::Int);
    let b = d.has_tag(ops[1], Tag::Int);
    let both = d.and(a, b);
    d.guard(both)?;
    Ok((d.unbox_int(ops[0]), d.unbox_int(ops[1])))
}

/// `type error: `OP` expects integers, got A and B at line L, column C`.
fn type_error(symbol: &str, ops: &[Value], at: &SourceSection) -> Unwind {
    let message = format!("type error: `{symbol}` expects integers, got {} and {}", display(&ops[0]), display(&ops[1]));
    error_at(&message, at)
}

/// `a + b`, `a - b`, `a * b`, `a / b` on 64-bit integers; `/` truncates toward zero.
///
/// Specializations (lattice `uninitialized → Int`):
/// * `Int` — guards: both operands `Int`, and the result fits in 64 bits (for `/`: the
///   divisor is not 0 and the operation is not `MIN / -1`). Compiled: two tag compares and
///   one overflow-checked instruction.
/// * otherwise the fallback raises `integer overflow` or `division by zero` when both
///   operands are integers, else a type error; it never changes the state. A guard that
///   fails in compiled code calls the fallback out of line (a transfer to the interpreter).
pub struct ArithmeticNode {
    op: IntOp,
    left: NodeBox,
    right: NodeBox,
    location: SourceSection,
    state: SpecializationState,
}

impl ArithmeticNode {
    pub fn new(op: IntOp, left: NodeBox, right: NodeBox, location: SourceSection) -> ArithmeticNode {
        ArithmeticNode { op, left, right, location, state: SpecializationState::new() }
    }

    fn int<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        let (a, b) = guard_ints(d, ops)?;
        let (r, overflow) = d.int_op_checked(self.op, a, b);
        let ok = d.not(overflow);
        d.guard(ok)?;
        Ok(d.box_int(r))
    }

    fn symbol(&self) -> &'static str {
        match self.op {
            IntOp::Add => "+",
            IntOp::Sub => "-",
            IntOp::Mul => "*",
            IntOp::Div => "/",
        }
    }
}

impl Specialize for ArithmeticNode {
    const SPECIALIZATIONS: &'static [Specialization<Self>] = &[specialization!("Int", Self::int)];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: &[Value]) -> Result<Value, Unwind> {
        Err(match (ops[0], ops[1]) {
            (Value::Int(_), Value::Int(0)) if self.op == IntOp::Div => error_at("division by zero", &self.location),
            (Value::Int(_), Value::Int(_)) => error_at("integer overflow", &self.location),
            _ => type_error(self.symbol(), ops, &self.location),
        })
    }
}

impl Execute for ArithmeticNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.execute(&*self.left)?;
        let b = d.execute(&*self.right)?;
        d.specialized(self, &[a, b])
    }
}

impl Dump for ArithmeticNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("Arithmetic {} [{}]", self.symbol(), self.describe_state()), &[&*self.left, &*self.right]);
    }
}

/// `a == b`, `a != b`, `a < b`, `a <= b`, `a > b`, `a >= b` on integers: a boolean.
///
/// Specializations (lattice `uninitialized → Int`):
/// * `Int` — guard: both operands `Int`. Compiled: two tag compares and one compare.
/// * otherwise the fallback raises a type error (booleans are not ordered, nor compared).
pub struct CompareNode {
    cmp: IntCmp,
    left: NodeBox,
    right: NodeBox,
    location: SourceSection,
    state: SpecializationState,
}

impl CompareNode {
    pub fn new(cmp: IntCmp, left: NodeBox, right: NodeBox, location: SourceSection) -> CompareNode {
        CompareNode { cmp, left, right, location, state: SpecializationState::new() }
    }

    fn int<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        let (a, b) = guard_ints(d, ops)?;
        let r = d.int_compare(self.cmp, a, b);
        Ok(d.box_bool(r))
    }

    fn symbol(&self) -> &'static str {
        match self.cmp {
            IntCmp::Eq => "==",
            IntCmp::Ne => "!=",
            IntCmp::Lt => "<",
            IntCmp::Le => "<=",
            IntCmp::Gt => ">",
            IntCmp::Ge => ">=",
        }
    }
}

impl Specialize for CompareNode {
    const SPECIALIZATIONS: &'static [Specialization<Self>] = &[specialization!("Int", Self::int)];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: &[Value]) -> Result<Value, Unwind> {
        Err(type_error(self.symbol(), ops, &self.location))
    }
}

impl Execute for CompareNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.execute(&*self.left)?;
        let b = d.execute(&*self.right)?;
        d.specialized(self, &[a, b])
    }
}

impl Dump for CompareNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("Compare {} [{}]", self.symbol(), self.describe_state()), &[&*self.left, &*self.right]);
    }
}
