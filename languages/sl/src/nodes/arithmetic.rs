//! Arithmetic: `+ - * /` (spec §6.1).

use super::{guard_ints, guard_number, NodeBox};
use crate::runtime::{to_sl_string, type_error};
use bonsai::error::GuestError;
use bonsai::exec::{Domain, IntOp, Interp, Miss, Unwind};
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::source::SourceSection;
use bonsai::specialization;
use bonsai::specialization::{execute_binary, Specialization, SpecializationState, Specialize};
use bonsai::value::{number, Tag, Value};

/// The out-of-line exact operation on two numbers (big-integer arithmetic is a boundary).
fn exact<D: Domain + ?Sized, N: ?Sized>(
    d: &mut D,
    node: &N,
    op: fn(&Value, &Value) -> Result<Value, GuestError>,
    ops: &[D::Value],
) -> Result<D::Value, D::Abrupt> {
    d.boundary(
        node,
        move |_: &N, _: &mut Interp<'_>, v: &[Value]| op(&v[0], &v[1]).map_err(Unwind::Error),
        ops,
    )
}

/// The `Number` specialization shared by `+ - * /`: both operands Numbers; the 64-bit case
/// inline (overflow and the `/` edge cases go out of line), big integers out of line.
fn number_path<D: Domain + ?Sized, N: ?Sized>(
    d: &mut D,
    node: &N,
    int_op: IntOp,
    profile: &bonsai::profile::ConditionProfile,
    overflowed: &bonsai::profile::ConditionProfile,
    op: fn(&Value, &Value) -> Result<Value, GuestError>,
    ops: &[D::Value],
) -> Result<D::Value, Miss<D::Abrupt>> {
    guard_number(d, ops[0])?;
    guard_number(d, ops[1])?;
    let a_int = d.has_tag(ops[0], Tag::Int);
    let b_int = d.has_tag(ops[1], Tag::Int);
    let both = d.and(a_int, b_int);
    Ok(d.choose(
        both,
        profile,
        |d| {
            let (a, b) = (d.unbox_int(ops[0]), d.unbox_int(ops[1]));
            let (r, overflow) = d.int_op_checked(int_op, a, b);
            d.choose(overflow, overflowed, |d| exact(d, node, op, ops), |d| Ok(d.box_int(r)))
        },
        |d| exact(d, node, op, ops),
    )?)
}

/// Which of `- * /` an [`ArithmeticNode`] computes.
pub trait ArithmeticOp: 'static {
    const SYMBOL: &'static str;
    const INT_OP: IntOp;
    /// The exact result for two Numbers (errors: division by zero).
    fn exact(a: &Value, b: &Value) -> Result<Value, GuestError>;
}

fn not_numbers() -> GuestError {
    GuestError::new("internal error: exact arithmetic on non-numbers")
}

pub struct Sub;
impl ArithmeticOp for Sub {
    const SYMBOL: &'static str = "-";
    const INT_OP: IntOp = IntOp::Sub;
    fn exact(a: &Value, b: &Value) -> Result<Value, GuestError> {
        number::sub(a, b).ok_or_else(not_numbers)
    }
}

pub struct Mul;
impl ArithmeticOp for Mul {
    const SYMBOL: &'static str = "*";
    const INT_OP: IntOp = IntOp::Mul;
    fn exact(a: &Value, b: &Value) -> Result<Value, GuestError> {
        number::mul(a, b).ok_or_else(not_numbers)
    }
}

pub struct Div;
impl ArithmeticOp for Div {
    const SYMBOL: &'static str = "/";
    const INT_OP: IntOp = IntOp::Div;
    fn exact(a: &Value, b: &Value) -> Result<Value, GuestError> {
        match number::div_trunc(a, b) {
            Some(Ok(v)) => Ok(v),
            Some(Err(())) => Err(GuestError::new("Division by zero")),
            None => Err(not_numbers()),
        }
    }
}

fn add_exact(a: &Value, b: &Value) -> Result<Value, GuestError> {
    number::add(a, b).ok_or_else(not_numbers)
}

/// `a + b`: exact sum of Numbers, or concatenation when either side is a String (spec §6.1).
///
/// Specializations, most specific first:
/// * `Long` — both `Int` and the sum fits in 64 bits (guard: tags; rewrite on overflow).
/// * `Number` — both Numbers; replaces `Long` after an overflow. 64-bit sums inline, big
///   sums out of line.
/// * `String` — either side a String: concatenation of the string conversions (boundary).
/// * otherwise: type error `"+"` at the left operand.
pub struct AddNode {
    left: NodeBox,
    right: NodeBox,
    location: SourceSection,
    state: SpecializationState,
    small: bonsai::profile::ConditionProfile,
    overflowed: bonsai::profile::ConditionProfile,
}

impl AddNode {
    pub fn new(left: NodeBox, right: NodeBox, location: SourceSection) -> AddNode {
        AddNode {
            left,
            right,
            location,
            state: SpecializationState::new(),
            small: Default::default(),
            overflowed: Default::default(),
        }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        let (a, b) = guard_ints(d, ops)?;
        let (r, overflow) = d.int_op_checked(IntOp::Add, a, b);
        let ok = d.not(overflow);
        d.guard(ok)?;
        Ok(d.box_int(r))
    }

    fn number<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        number_path(d, self, IntOp::Add, &self.small, &self.overflowed, add_exact, ops)
    }

    fn string<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        let a = d.has_tag(ops[0], Tag::String);
        let b = d.has_tag(ops[1], Tag::String);
        let either = d.or(a, b);
        d.guard(either)?;
        let concat = |_: &AddNode, _: &mut Interp<'_>, v: &[Value]| {
            Ok(Value::string(&(to_sl_string(&v[0]) + &to_sl_string(&v[1]))))
        };
        Ok(d.boundary(self, concat, ops)?)
    }
}

impl Specialize for AddNode {
    const SPECIALIZATIONS: &'static [Specialization<Self>] = &[
        specialization!("Long", Self::long),
        specialization!("Number", Self::number, replaces = ["Long"]),
        specialization!("String", Self::string),
    ];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: &[Value]) -> Result<Value, Unwind> {
        Err(type_error("+", ops, Some(&self.location)).into())
    }
}

impl Execute for AddNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &*self.left, &*self.right)
    }
}

impl Dump for AddNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("Add [{}]", self.describe_state()), &[&*self.left, &*self.right]);
    }
}

/// `a - b`, `a * b`, `a / b` on Numbers (spec §6.1); `/` truncates toward zero.
///
/// Specializations: `Long` (both `Int`, no overflow; for `/` also a non-zero divisor and not
/// `MIN / -1`), then `Number` (replaces `Long`; 64-bit inline, big integers and the `/` edge
/// cases out of line); otherwise type error with the operator's symbol.
pub struct ArithmeticNode<O: ArithmeticOp> {
    left: NodeBox,
    right: NodeBox,
    location: SourceSection,
    state: SpecializationState,
    small: bonsai::profile::ConditionProfile,
    overflowed: bonsai::profile::ConditionProfile,
    _op: std::marker::PhantomData<O>,
}

impl<O: ArithmeticOp> ArithmeticNode<O> {
    pub fn new(left: NodeBox, right: NodeBox, location: SourceSection) -> ArithmeticNode<O> {
        ArithmeticNode {
            left,
            right,
            location,
            state: SpecializationState::new(),
            small: Default::default(),
            overflowed: Default::default(),
            _op: std::marker::PhantomData,
        }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        let (a, b) = guard_ints(d, ops)?;
        let (r, overflow) = d.int_op_checked(O::INT_OP, a, b);
        let ok = d.not(overflow);
        d.guard(ok)?;
        Ok(d.box_int(r))
    }

    fn number<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
        number_path(d, self, O::INT_OP, &self.small, &self.overflowed, O::exact, ops)
    }
}

impl<O: ArithmeticOp> Specialize for ArithmeticNode<O> {
    const SPECIALIZATIONS: &'static [Specialization<Self>] =
        &[specialization!("Long", Self::long), specialization!("Number", Self::number, replaces = ["Long"])];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: &[Value]) -> Result<Value, Unwind> {
        Err(type_error(O::SYMBOL, ops, Some(&self.location)).into())
    }
}

impl<O: ArithmeticOp> Execute for ArithmeticNode<O> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &*self.left, &*self.right)
    }
}

impl<O: ArithmeticOp> Dump for ArithmeticNode<O> {
    fn dump(&self, w: &mut TreeDump) {
        let name = match O::SYMBOL {
            "-" => "Sub",
            "*" => "Mul",
            _ => "Div",
        };
        w.node(format!("{name} [{}]", self.describe_state()), &[&*self.left, &*self.right]);
    }
}
