//! Bodies of the Integer primitives `+ - * < =` (§9, §12) and the Array primitives `at:`,
//! `at:put:`, `length` (§11) as nodes, so that a compiled caller that inlines the primitive
//! gets the fast path inline.

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

/// Which Array primitive.
#[derive(Clone, Copy, Debug)]
pub enum ArrayPrimitive {
    At,
    AtPut,
    Length,
}

/// The body of `Array>>at:`, `at:put:` and `length` (§11, §12): receiver, index, value are
/// arguments 0, 1, 2.
///
/// Specializations by value: an object receiver and, for `at:`/`at:put:`, an `Int` index in
/// `1..length` → the element load or store inline (`length`: the element count); anything
/// else → the Rust primitive `general`, out of line, which raises the §11 errors.
pub struct ArrayPrimitiveNode {
    pub operation: ArrayPrimitive,
    pub general: Primitive,
    pub universe: Rc<Universe>,
    pub fast: ConditionProfile,
}

impl ArrayPrimitiveNode {
    fn general(&self, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
        crate::primitives::call_primitive(&self.universe, self.general, interp, args)
    }
}

impl Execute for ArrayPrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let array = d.argument(0);
        let is_object = d.has_tag(array, Tag::Object);
        if let ArrayPrimitive::Length = self.operation {
            let general = |d: &mut D| {
                d.boundary(
                    self,
                    |n: &ArrayPrimitiveNode, interp: &mut Interp<'_>, args: &[Value]| n.general(interp, args),
                    &[array],
                )
            };
            return d.choose(
                is_object,
                &self.fast,
                |d| {
                    let n = d.element_count(array);
                    Ok(d.box_int(n))
                },
                general,
            );
        }
        let index = d.argument(1);
        let value = match self.operation {
            ArrayPrimitive::AtPut => d.argument(2),
            _ => d.constant(Value::Null),
        };
        let general = |d: &mut D| {
            let args = match self.operation {
                ArrayPrimitive::AtPut => vec![array, index, value],
                _ => vec![array, index],
            };
            d.boundary(
                self,
                |n: &ArrayPrimitiveNode, interp: &mut Interp<'_>, args: &[Value]| n.general(interp, args),
                &args,
            )
        };
        let is_int = d.has_tag(index, Tag::Int);
        let kinds = d.and(is_object, is_int);
        // Only an object has an element count, and only an Int an index: the bounds check
        // runs behind the tag checks.
        d.choose(
            kinds,
            &self.fast,
            |d| {
                let i = d.unbox_int(index);
                let one = d.int_constant(1);
                let (zero_based, _) = d.int_op_checked(IntOp::Sub, i, one);
                let count = d.element_count(array);
                let inside = d.int_compare(IntCmp::ULt, zero_based, count);
                d.choose(
                    inside,
                    &self.fast,
                    |d| match self.operation {
                        ArrayPrimitive::At => Ok(d.load_element(array, zero_based)),
                        _ => {
                            d.store_element(array, zero_based, value);
                            Ok(value)
                        }
                    },
                    general,
                )
            },
            general,
        )
    }
}

impl Dump for ArrayPrimitiveNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ArrayPrimitive {:?}", self.operation));
    }
}
