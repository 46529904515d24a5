//! Arithmetic: `+ - * /` (spec §6.1).

use super::NodeBox;
use crate::runtime::{to_sl_string, type_error};
use bonsai::error::GuestError;
use bonsai::prelude::*;
use bonsai::source::SourceSection;
use bonsai::specialization::execute_binary;
use bonsai::value::number;

/// Which of `+ - * /` an [`ArithmeticNode`] computes.
pub trait ArithmeticOp: 'static {
    /// The node's name in dumps (`Add`) and the operator in type errors (`+`).
    const NAME: &'static str;
    const SYMBOL: &'static str;
    const INT_OP: IntOp;
    /// The exact result for two Numbers (errors: division by zero).
    fn exact(a: &Value, b: &Value) -> Result<Value, GuestError>;
}

macro_rules! arithmetic_op {
    ($op:ident, $symbol:literal, $exact:expr) => {
        #[doc = concat!("`a ", $symbol, " b`.")]
        pub struct $op;
        impl ArithmeticOp for $op {
            const NAME: &'static str = stringify!($op);
            const SYMBOL: &'static str = $symbol;
            const INT_OP: IntOp = IntOp::$op;
            fn exact(a: &Value, b: &Value) -> Result<Value, GuestError> {
                let result: Option<Result<Value, ()>> = $exact(a, b);
                let not_numbers = || GuestError::new("internal error: exact arithmetic on non-numbers");
                result.ok_or_else(not_numbers)?.map_err(|()| GuestError::new("Division by zero"))
            }
        }
    };
}

arithmetic_op!(Add, "+", |a, b| number::add(a, b).map(Ok));
arithmetic_op!(Sub, "-", |a, b| number::sub(a, b).map(Ok));
arithmetic_op!(Mul, "*", |a, b| number::mul(a, b).map(Ok));
arithmetic_op!(Div, "/", number::div_trunc);

/// `a + b`: exact sum of Numbers, or concatenation when either side is a String.
pub type AddNode = ArithmeticNode<Add>;

/// `a + b`, `a - b`, `a * b`, `a / b` on Numbers (spec §6.1); `/` truncates toward zero; `+`
/// also concatenates when either side is a String.
///
/// Specializations, most specific first:
/// * `Long` — both `Int` and the result fits in 64 bits (for `/`: also a non-zero divisor and
///   not `MIN / -1`). Guard: tags; rewrite on overflow.
/// * `Number` — both Numbers; replaces `Long` after an overflow. 64-bit results inline, big
///   integers and the `/` edge cases out of line.
/// * `String` (`+` only) — either side a String: concatenation of the string conversions
///   (boundary).
/// * otherwise: type error with the operator's symbol at the left operand.
pub struct ArithmeticNode<O: ArithmeticOp> {
    left: Child,
    right: Child,
    location: SourceSection,
    state: SpecializationState,
    small: ConditionProfile,
    overflowed: ConditionProfile,
    _op: std::marker::PhantomData<O>,
}

impl<O: ArithmeticOp> ArithmeticNode<O> {
    pub fn new(left: NodeBox, right: NodeBox, location: SourceSection) -> ArithmeticNode<O> {
        let (state, small, overflowed) = Default::default();
        let (left, right) = (left.into(), right.into());
        ArithmeticNode { left, right, location, state, small, overflowed, _op: std::marker::PhantomData }
    }

    fn long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        let r = checked(d, O::INT_OP, a, b)?;
        Ok(d.box_int(r))
    }

    /// The exact operation out of line (big-integer arithmetic is a boundary).
    fn exact<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Result<D::Value, D::Abrupt> {
        d.boundary(self, |_: &Self, _: &mut Interp<'_>, v: &[Value]| O::exact(&v[0], &v[1]), &ops)
    }

    fn number<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = ops;
        guard_any_tag(d, a, [Tag::Int, Tag::BigInt])?;
        guard_any_tag(d, b, [Tag::Int, Tag::BigInt])?;
        let (a_int, b_int) = (d.has_tag(a, Tag::Int), d.has_tag(b, Tag::Int));
        let both = d.and(a_int, b_int);
        let small = |d: &mut D| {
            let (a, b) = (d.unbox_int(a), d.unbox_int(b));
            let (r, overflow) = d.int_op_checked(O::INT_OP, a, b);
            d.choose(overflow, &self.overflowed, |d| self.exact(d, ops), |d| Ok(d.box_int(r)))
        };
        Ok(d.choose(both, &self.small, small, |d| self.exact(d, ops))?)
    }

    fn string<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        if O::INT_OP != IntOp::Add {
            return Err(Miss::Guard); // a guard on the node's own state: only `+` concatenates
        }
        let [a, b] = ops;
        let (a, b) = (d.has_tag(a, Tag::String), d.has_tag(b, Tag::String));
        let either = d.or(a, b);
        d.guard(either)?;
        let concat = |_: &Self, _: &mut Interp<'_>, v: &[Value]| {
            // Strings are copied once, into the result; only other operands are converted.
            let (a, b) = (concat_part(&v[0]), concat_part(&v[1]));
            Ok(Value::String(bonsai::heap::alloc_str_concat(&[&a, &b])))
        };
        Ok(d.boundary(self, concat, &ops)?)
    }
}

impl<O: ArithmeticOp> Specialize<2> for ArithmeticNode<O> {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] = specializations![
        Long => Self::long,
        Number replaces [Long] => Self::number,
        String => Self::string,
    ];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: [Value; 2]) -> Result<Value, GuestError> {
        Err(type_error(O::SYMBOL, &ops, Some(&self.location)))
    }
}

impl<O: ArithmeticOp> Execute for ArithmeticNode<O> {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        execute_binary(d, self, &self.left, &self.right)
    }
}

impl<O: ArithmeticOp> Dump for ArithmeticNode<O> {
    fn dump(&self, w: &mut TreeDump) {
        w.node(Label::new(O::NAME).specialized(self), &[&*self.left, &*self.right]);
    }
}

/// An operand of string concatenation: a String as it is, anything else converted (spec §12).
fn concat_part(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
        other => std::borrow::Cow::Owned(to_sl_string(other)),
    }
}
