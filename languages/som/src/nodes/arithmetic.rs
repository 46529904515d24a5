//! Bodies of the Integer primitives `+ - * < =` (§9, §12), the Double primitives
//! `+ - * // < =` (§10) and the Array primitives `at:`, `at:put:`, `length` (§11) as nodes, so
//! that a compiled caller that inlines the primitive gets the fast path inline.

use crate::primitives::Primitive;
use crate::universe::Universe;
use bonsai::exec::{choose_speculating, Domain, FloatCmp, FloatOp, IntCmp, IntOp, Interp};
use bonsai::node::{Dump, Execute, Label, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::rc::Rc;

/// The Rust primitive (§12) a node with an inline fast path falls back to, and its universe.
pub struct Fallback {
    pub function: Primitive,
    pub universe: Rc<Universe>,
}

/// A primitive node whose slow path is its [`Fallback`].
trait WithFallback: 'static {
    fn fallback(&self) -> &Fallback;
}

/// The node's fallback primitive on `args`, out of line (a boundary); a VM-level error it
/// raises records the traceback first ([`crate::primitives::call_primitive`]).
fn out_of_line<D: Domain + ?Sized, N: WithFallback>(
    d: &mut D,
    node: &N,
    args: &[D::Value],
) -> Result<D::Value, D::Abrupt> {
    let call = |n: &N, interp: &mut Interp<'_>, args: &[Value]| {
        let f = n.fallback();
        crate::primitives::call_primitive(&f.universe, f.function, interp, args)
    };
    d.boundary(node, call, args)
}

macro_rules! with_fallback {
    ($($node:ty),*) => {$(
        impl WithFallback for $node {
            fn fallback(&self) -> &Fallback {
                &self.general
            }
        }
    )*};
}

with_fallback!(IntPrimitiveNode, DoublePrimitiveNode, ArrayPrimitiveNode);

/// Which Integer primitive.
#[derive(Clone, Copy, Debug)]
pub enum IntPrimitive {
    Add,
    Sub,
    Mul,
    /// `%`: the modulo of floored division.
    Modulo,
    /// `&`.
    BitAnd,
    /// `bitXor:`.
    BitXor,
    Less,
    Equal,
}

/// The body of an Integer primitive: receiver and argument are arguments 0 and 1.
///
/// Specializations by value: both `Int` (64 bits) and, for `+ - *`, no overflow (for `%`, a
/// divisor that is not 0) → one checked instruction, a few for `%`, or a compare; an `Int` and
/// a Double → one float instruction (`+ - * < =`); anything else (big Integers, overflow, a
/// wrong argument) → the Rust primitive `general`, out of line (a boundary), which computes
/// the exact result or raises the §9 error.
pub struct IntPrimitiveNode {
    pub operation: IntPrimitive,
    pub general: Fallback,
    pub small: ConditionProfile,
    pub fits: ConditionProfile,
    /// Whether the receiver was a 64-bit Integer and the argument a Double (when not both
    /// Integers).
    pub double_argument: ConditionProfile,
}

impl Execute for IntPrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.argument(0);
        let b = d.argument(1);
        let general = |d: &mut D| out_of_line(d, self, &[a, b]);
        let a_small = d.has_tag(a, Tag::Int);
        let b_small = d.has_tag(b, Tag::Int);
        let small = d.and(a_small, b_small);
        choose_speculating(
            d,
            small,
            &self.small,
            "an Integer operand that is not a small Integer",
            |d| {
                let (x, y) = (d.unbox_int(a), d.unbox_int(b));
                let op = match self.operation {
                    IntPrimitive::Add => IntOp::Add,
                    IntPrimitive::Sub => IntOp::Sub,
                    IntPrimitive::Mul => IntOp::Mul,
                    IntPrimitive::Modulo => IntOp::Mod,
                    IntPrimitive::BitAnd => IntOp::BitAnd,
                    IntPrimitive::BitXor => IntOp::BitXor,
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
                choose_speculating(d, fits, &self.fits, "Integer overflow", |d| Ok(d.box_int(r)), general)
            },
            |d| {
                // A 64-bit Integer and a Double: computed as doubles (§9, §10).
                let b_double = d.has_tag(b, Tag::Double);
                let mixed = d.and(a_small, b_double);
                d.choose(
                    mixed,
                    &self.double_argument,
                    |d| {
                        let i = d.unbox_int(a);
                        let x = d.int_to_float(i);
                        let y = d.unbox_double(b);
                        Ok(match self.operation {
                            IntPrimitive::Add => self.float(d, FloatOp::Add, x, y),
                            IntPrimitive::Sub => self.float(d, FloatOp::Sub, x, y),
                            IntPrimitive::Mul => self.float(d, FloatOp::Mul, x, y),
                            IntPrimitive::Less => {
                                let r = d.float_compare(FloatCmp::Lt, x, y);
                                d.box_bool(r)
                            }
                            IntPrimitive::Equal => {
                                let r = d.float_compare(FloatCmp::Eq, x, y);
                                d.box_bool(r)
                            }
                            // A floored modulo of doubles, or a bitwise operation on one (an
                            // error): the primitive.
                            IntPrimitive::Modulo | IntPrimitive::BitAnd | IntPrimitive::BitXor => {
                                return general(d);
                            }
                        })
                    },
                    general,
                )
            },
        )
    }
}

impl IntPrimitiveNode {
    fn float<D: Domain + ?Sized>(&self, d: &mut D, op: FloatOp, x: D::Float, y: D::Float) -> D::Value {
        let r = d.float_op(op, x, y);
        d.box_double(r)
    }
}

impl Dump for IntPrimitiveNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(
            Label::new(format!("IntPrimitive {:?}", self.operation)).profile("small", self.small.describe()),
        );
    }
}

/// Which Double primitive.
#[derive(Clone, Copy, Debug)]
pub enum DoublePrimitive {
    Add,
    Sub,
    Mul,
    /// `//`: the IEEE quotient.
    Divide,
    Less,
    Equal,
}

/// The body of a Double primitive: receiver and argument are arguments 0 and 1.
///
/// Specializations by value: a Double receiver and a Double or 64-bit Integer argument (the
/// Integer converted to the nearest double, as §10's mixed arithmetic does) → one float
/// instruction on unboxed `f64`s, IEEE results (§10: no error for a zero divisor); anything
/// else (a big Integer, a non-number) → the Rust primitive `general`, out of line, which raises
/// the §10 errors.
pub struct DoublePrimitiveNode {
    pub operation: DoublePrimitive,
    pub general: Fallback,
    pub doubles: ConditionProfile,
    pub integer_argument: ConditionProfile,
}

impl DoublePrimitiveNode {
    /// The operation on unboxed doubles.
    fn compute<D: Domain + ?Sized>(&self, d: &mut D, x: D::Float, y: D::Float) -> D::Value {
        let op = match self.operation {
            DoublePrimitive::Add => FloatOp::Add,
            DoublePrimitive::Sub => FloatOp::Sub,
            DoublePrimitive::Mul => FloatOp::Mul,
            DoublePrimitive::Divide => FloatOp::Div,
            DoublePrimitive::Less => {
                let r = d.float_compare(FloatCmp::Lt, x, y);
                return d.box_bool(r);
            }
            DoublePrimitive::Equal => {
                let r = d.float_compare(FloatCmp::Eq, x, y);
                return d.box_bool(r);
            }
        };
        let r = d.float_op(op, x, y);
        d.box_double(r)
    }
}

impl Execute for DoublePrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let a = d.argument(0);
        let b = d.argument(1);
        let general = |d: &mut D| out_of_line(d, self, &[a, b]);
        let a_double = d.has_tag(a, Tag::Double);
        let b_double = d.has_tag(b, Tag::Double);
        let doubles = d.and(a_double, b_double);
        d.choose(
            doubles,
            &self.doubles,
            |d| {
                let (x, y) = (d.unbox_double(a), d.unbox_double(b));
                Ok(self.compute(d, x, y))
            },
            |d| {
                let b_int = d.has_tag(b, Tag::Int);
                let mixed = d.and(a_double, b_int);
                d.choose(
                    mixed,
                    &self.integer_argument,
                    |d| {
                        let x = d.unbox_double(a);
                        let i = d.unbox_int(b);
                        let y = d.int_to_float(i);
                        Ok(self.compute(d, x, y))
                    },
                    general,
                )
            },
        )
    }
}

impl Dump for DoublePrimitiveNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(
            Label::new(format!("DoublePrimitive {:?}", self.operation))
                .profile("doubles", self.doubles.describe()),
        );
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
/// else → the Rust primitive `general`, which raises the §11 errors (compiled code
/// deoptimizes there: the error is raised by the interpreter).
pub struct ArrayPrimitiveNode {
    pub operation: ArrayPrimitive,
    pub general: Fallback,
    /// The receiver is an object (and for `at:`/`at:put:` the index an `Int`).
    pub fast: ConditionProfile,
    /// The index is within the elements.
    pub inside: ConditionProfile,
}

impl Execute for ArrayPrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let array = d.argument(0);
        let is_object = d.has_tag(array, Tag::Object);
        if let ArrayPrimitive::Length = self.operation {
            let general = |d: &mut D| out_of_line(d, self, &[array]);
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
        // Every other case is a VM error (an index that is not an integer or is out of
        // bounds, §12): compiled code leaves for the interpreter there, which raises it, rather
        // than calling the primitive out of line and merging its result back.
        let general = |d: &mut D| {
            let args = match self.operation {
                ArrayPrimitive::AtPut => vec![array, index, value],
                _ => vec![array, index],
            };
            d.transfer_to_interpreter(&|| "an Array index out of bounds or not an Integer".to_string(), |d| {
                out_of_line(d, self, &args)
            })
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
                    &self.inside,
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
