//! Comparisons: `< <= > >=` (spec §6.2) and `== !=` (spec §6.3).

use super::NodeBox;
use crate::runtime::{equal, type_error};
use bonsai::prelude::*;
use bonsai::source::SourceSection;
use bonsai::specialization::execute_binary;
use bonsai::value::number;
use std::cmp::Ordering;

/// Which ordering a [`CompareNode`] computes. `>` and `>=` are the negations of `<=` and `<`
/// (and report those in type errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordered {
    Less,
    LessOrEqual,
}

/// `a < b`, `a <= b`, and their negations `a >= b`, `a > b`: defined on Numbers only.
///
/// Specializations: `Long` (both `Int`: one compare inline), `Number` (both Numbers, any
/// size; replaces nothing: big operands compare out of line); otherwise type error `"<"` or
/// `"<="` with the operands in source order.
pub struct CompareNode {
    left: Child,
    right: Child,
    op: Ordered,
    negated: bool,
    /// The integer comparison of `op`, `negated`.
    int_cmp: IntCmp,
    location: SourceSection,
    state: SpecializationState,
}

impl CompareNode {
    pub fn new(
        left: NodeBox,
        right: NodeBox,
        op: Ordered,
        negated: bool,
        location: SourceSection,
    ) -> CompareNode {
        let (left, right) = (left.into(), right.into());
        let int_cmp = match (op, negated) {
            (Ordered::Less, false) => IntCmp::Lt,
            (Ordered::LessOrEqual, false) => IntCmp::Le,
            (Ordered::Less, true) => IntCmp::Ge,
            (Ordered::LessOrEqual, true) => IntCmp::Gt,
        };
        CompareNode { left, right, op, negated, int_cmp, location, state: SpecializationState::new() }
    }

    fn symbol(&self) -> &'static str {
        match self.op {
            Ordered::Less => "<",
            Ordered::LessOrEqual => "<=",
        }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        let r = d.int_compare(self.int_cmp, a, b);
        Ok(d.box_bool(r))
    }

    fn number<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        for v in ops {
            guard_any_tag(d, v, [Tag::Int, Tag::BigInt])?;
        }
        let (op, negated) = (self.op, self.negated);
        let compare = move |_: &CompareNode, _: &mut Interp<'_>, v: &[Value]| {
            let ord = number::compare(&v[0], &v[1]).unwrap_or(Ordering::Equal);
            let holds = match op {
                Ordered::Less => ord == Ordering::Less,
                Ordered::LessOrEqual => ord != Ordering::Greater,
            };
            Ok(Value::from_bool(holds != negated))
        };
        Ok(d.boundary(self, compare, &ops)?)
    }
}

impl Specialize<2> for CompareNode {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] =
        specializations![Long => Self::long, Number => Self::number];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: [Value; 2]) -> Result<Value, GuestError> {
        Err(type_error(self.symbol(), &ops, Some(&self.location)))
    }
}

impl Execute for CompareNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &self.left, &self.right)
    }
}

impl Dump for CompareNode {
    fn dump(&self, w: &mut TreeDump) {
        let name = match (self.op, self.negated) {
            (Ordered::Less, false) => "LessThan",
            (Ordered::LessOrEqual, false) => "LessOrEqual",
            (Ordered::Less, true) => "GreaterOrEqual (not LessThan)",
            (Ordered::LessOrEqual, true) => "GreaterThan (not LessOrEqual)",
        };
        w.node(Label::new(name).specialized(self), &[&*self.left, &*self.right]);
    }
}

/// `a == b` and `a != b`: never fails; cross-type comparisons are false.
///
/// Specializations: `Long` (both `Int`), `Boolean` (both Booleans), `Generic` (any values:
/// identity inline when the bits are equal, else the full comparison out of line).
pub struct EqualNode {
    left: Child,
    right: Child,
    negated: bool,
    state: SpecializationState,
}

impl EqualNode {
    pub fn new(left: NodeBox, right: NodeBox, negated: bool) -> EqualNode {
        EqualNode { left: left.into(), right: right.into(), negated, state: SpecializationState::new() }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        let r = d.int_compare(if self.negated { IntCmp::Ne } else { IntCmp::Eq }, a, b);
        Ok(d.box_bool(r))
    }

    fn boolean<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        guard_both_tag(d, ops, Tag::Bool)?;
        let [a, b] = ops;
        let same = d.same(a, b);
        let r = if self.negated { d.not(same) } else { same };
        Ok(d.box_bool(r))
    }

    fn generic<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let negated = self.negated;
        let eq = move |_: &EqualNode, _: &mut Interp<'_>, v: &[Value]| {
            Ok(Value::from_bool(equal(&v[0], &v[1]) != negated))
        };
        Ok(d.boundary(self, eq, &ops)?)
    }
}

impl Specialize<2> for EqualNode {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] =
        specializations![Long => Self::long, Boolean => Self::boolean, Generic => Self::generic];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, [a, b]: [Value; 2]) -> Result<Value, GuestError> {
        Ok(Value::from_bool(equal(&a, &b) != self.negated))
    }
}

impl Execute for EqualNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &self.left, &self.right)
    }
}

impl Dump for EqualNode {
    fn dump(&self, w: &mut TreeDump) {
        let name = if self.negated { "NotEqual" } else { "Equal" };
        w.node(Label::new(name).specialized(self), &[&*self.left, &*self.right]);
    }
}
