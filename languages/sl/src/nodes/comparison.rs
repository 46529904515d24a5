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

/// `a < b`, `a <= b`, and their negations `a >= b`, `a > b`: defined on Numbers only. The
/// operator is the node's type (`OR_EQUAL`: `<=` rather than `<`; `NEGATED`: the negation),
/// so the interpreter's integer comparison is one compare instruction, not a comparison
/// chosen at run time from node state.
///
/// Specializations: `Long` (both `Int`: one compare inline), `Number` (both Numbers, any
/// size; replaces nothing: big operands compare out of line); otherwise type error `"<"` or
/// `"<="` with the operands in source order.
pub struct CompareNode<const OR_EQUAL: bool, const NEGATED: bool> {
    left: Child,
    right: Child,
    location: SourceSection,
    state: SpecializationState,
}

/// `a < b`.
pub type LessThanNode = CompareNode<false, false>;
/// `a <= b`.
pub type LessOrEqualNode = CompareNode<true, false>;
/// `a > b`: not `a <= b`.
pub type GreaterThanNode = CompareNode<true, true>;
/// `a >= b`: not `a < b`.
pub type GreaterOrEqualNode = CompareNode<false, true>;

/// A comparison node of `op`, negated or not.
pub fn compare_node(
    left: NodeBox,
    right: NodeBox,
    op: Ordered,
    negated: bool,
    location: SourceSection,
) -> NodeBox {
    match (op, negated) {
        (Ordered::Less, false) => Box::new(LessThanNode::new(left, right, location)),
        (Ordered::LessOrEqual, false) => Box::new(LessOrEqualNode::new(left, right, location)),
        (Ordered::LessOrEqual, true) => Box::new(GreaterThanNode::new(left, right, location)),
        (Ordered::Less, true) => Box::new(GreaterOrEqualNode::new(left, right, location)),
    }
}

impl<const OR_EQUAL: bool, const NEGATED: bool> CompareNode<OR_EQUAL, NEGATED> {
    /// The integer comparison the node computes.
    const INT_CMP: IntCmp = match (OR_EQUAL, NEGATED) {
        (false, false) => IntCmp::Lt,
        (true, false) => IntCmp::Le,
        (false, true) => IntCmp::Ge,
        (true, true) => IntCmp::Gt,
    };

    pub fn new(left: NodeBox, right: NodeBox, location: SourceSection) -> Self {
        CompareNode { left: left.into(), right: right.into(), location, state: SpecializationState::new() }
    }

    fn symbol(&self) -> &'static str {
        if OR_EQUAL {
            "<="
        } else {
            "<"
        }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        let r = d.int_compare(Self::INT_CMP, a, b);
        Ok(d.box_bool(r))
    }

    fn number<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        for v in ops {
            guard_any_tag(d, v, [Tag::Int, Tag::BigInt])?;
        }
        let compare = move |_: &Self, _: &mut Interp<'_>, v: &[Value]| {
            let ord = number::compare(&v[0], &v[1]).unwrap_or(Ordering::Equal);
            let holds = if OR_EQUAL { ord != Ordering::Greater } else { ord == Ordering::Less };
            Ok(Value::from_bool(holds != NEGATED))
        };
        Ok(d.boundary(self, compare, &ops)?)
    }
}

impl<const OR_EQUAL: bool, const NEGATED: bool> Specialize<2> for CompareNode<OR_EQUAL, NEGATED> {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] =
        specializations![Long => Self::long, Number => Self::number];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: [Value; 2]) -> Result<Value, GuestError> {
        Err(type_error(self.symbol(), &ops, Some(&self.location)))
    }
}

impl<const OR_EQUAL: bool, const NEGATED: bool> Execute for CompareNode<OR_EQUAL, NEGATED> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &self.left, &self.right)
    }
}

impl<const OR_EQUAL: bool, const NEGATED: bool> Dump for CompareNode<OR_EQUAL, NEGATED> {
    fn dump(&self, w: &mut TreeDump) {
        let name = match (OR_EQUAL, NEGATED) {
            (false, false) => "LessThan",
            (true, false) => "LessOrEqual",
            (false, true) => "GreaterOrEqual (not LessThan)",
            (true, true) => "GreaterThan (not LessOrEqual)",
        };
        w.node(Label::new(name).specialized(self), &[&*self.left, &*self.right]);
    }
}

/// `a == b` and `a != b`: never fails; cross-type comparisons are false.
///
/// Specializations: `Long` (both `Int`), `Boolean` (both Booleans), `Generic` (any values:
/// identity inline when the bits are equal, else the full comparison out of line).
pub struct EqualNode<const NEGATED: bool> {
    left: Child,
    right: Child,
    state: SpecializationState,
}

/// An equality node, negated (`!=`) or not (`==`).
pub fn equal_node(left: NodeBox, right: NodeBox, negated: bool) -> NodeBox {
    if negated {
        Box::new(EqualNode::<true>::new(left, right))
    } else {
        Box::new(EqualNode::<false>::new(left, right))
    }
}

impl<const NEGATED: bool> EqualNode<NEGATED> {
    pub fn new(left: NodeBox, right: NodeBox) -> Self {
        EqualNode { left: left.into(), right: right.into(), state: SpecializationState::new() }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        let r = d.int_compare(if NEGATED { IntCmp::Ne } else { IntCmp::Eq }, a, b);
        Ok(d.box_bool(r))
    }

    fn boolean<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        guard_both_tag(d, ops, Tag::Bool)?;
        let [a, b] = ops;
        let same = d.same(a, b);
        let r = if NEGATED { d.not(same) } else { same };
        Ok(d.box_bool(r))
    }

    fn generic<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let eq = move |_: &Self, _: &mut Interp<'_>, v: &[Value]| {
            Ok(Value::from_bool(equal(&v[0], &v[1]) != NEGATED))
        };
        Ok(d.boundary(self, eq, &ops)?)
    }
}

impl<const NEGATED: bool> Specialize<2> for EqualNode<NEGATED> {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] =
        specializations![Long => Self::long, Boolean => Self::boolean, Generic => Self::generic];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, [a, b]: [Value; 2]) -> Result<Value, GuestError> {
        Ok(Value::from_bool(equal(&a, &b) != NEGATED))
    }
}

impl<const NEGATED: bool> Execute for EqualNode<NEGATED> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &self.left, &self.right)
    }
}

impl<const NEGATED: bool> Dump for EqualNode<NEGATED> {
    fn dump(&self, w: &mut TreeDump) {
        let name = if NEGATED { "NotEqual" } else { "Equal" };
        w.node(Label::new(name).specialized(self), &[&*self.left, &*self.right]);
    }
}
