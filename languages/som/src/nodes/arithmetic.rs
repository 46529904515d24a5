//! Bodies of the Integer primitives `+ - * < =` (§9, §12) as nodes, so that a compiled caller
//! that inlines the primitive gets the 64-bit fast path inline.

use crate::primitives::Primitive;
use crate::universe::Universe;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, IntCmp, IntOp, Interp};
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// Which Integer primitive.
#[derive(Clone, Copy, Debug)]
pub enum IntPrimitive {
    Add,
    Sub,
    Mul,
    Less,
    Equal,
}

/// The body of an Integer primitive: receiver and argument are arguments 0 and 1.
///
/// Specializations by value: both `Int` (64 bits) and, for `+ - *`, no overflow → one
/// checked instruction or compare; anything else (big Integers, Doubles, overflow, a wrong
/// argument) → the Rust primitive `general`, out of line (a boundary), which computes the
/// exact result or raises the §9 error.
pub struct IntPrimitiveNode {
    pub operation: IntPrimitive,
    pub general: Primitive,
    pub universe: Rc<Universe>,
    pub small: ConditionProfile,
    pub fits: ConditionProfile,
}

impl IntPrimitiveNode {
    fn general(&self, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
        crate::primitives::call_primitive(&self.universe, self.general, interp, args)
    }
}

impl Execute for IntPrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.argument(0);
        let b = d.argument(1);
        let general = |d: &mut D| {
            d.boundary(
                self,
                |n: &IntPrimitiveNode, interp: &mut Interp<'_>, args: &[Value]| n.general(interp, args),
                &[a, b],
            )
        };
        let a_small = d.has_tag(a, Tag::Int);
        let b_small = d.has_tag(b, Tag::Int);
        let small = d.and(a_small, b_small);
        d.choose(
            small,
            &self.small,
            |d| {
                let (x, y) = (d.unbox_int(a), d.unbox_int(b));
                let op = match self.operation {
                    IntPrimitive::Add => IntOp::Add,
                    IntPrimitive::Sub => IntOp::Sub,
                    IntPrimitive::Mul => IntOp::Mul,
                    IntPrimitive::Less => {
                        let r = d.int_compare(IntCmp::Lt, x, y);
                        return Ok(d.box_bool(r));
                    }
                    IntPrimitive::Equal => {
                        let r = d.int_compare(IntCmp::Eq, x, y);
                        return Ok(d.box_bool(r));
                    }
                };
                let (r, overflow) = d.int_op_checked(op, x, y);
                let fits = d.not(overflow);
                d.choose(fits, &self.fits, |d| Ok(d.box_int(r)), general)
            },
            general,
        )
    }
}

impl Dump for IntPrimitiveNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!(
            "IntPrimitive {:?} (small {}/{})",
            self.operation,
            self.small.true_count(),
            self.small.false_count()
        ));
    }
}
