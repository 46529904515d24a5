//! Binary operators: integer arithmetic `+ - * /` and comparisons `== != < <= > >=`.

use super::{display, error_at, NodeBox};
use bonsai::prelude::*;
use bonsai::source::SourceSection;

/// What a [`BinaryNode`] computes: an integer (arithmetic) or a boolean (comparison).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Arithmetic(IntOp),
    Compare(IntCmp),
}

/// Every operator with its symbol in the source.
pub const OPERATORS: [(&str, Operator); 10] = [
    ("+", Operator::Arithmetic(IntOp::Add)),
    ("-", Operator::Arithmetic(IntOp::Sub)),
    ("*", Operator::Arithmetic(IntOp::Mul)),
    ("/", Operator::Arithmetic(IntOp::Div)),
    ("==", Operator::Compare(IntCmp::Eq)),
    ("!=", Operator::Compare(IntCmp::Ne)),
    ("<", Operator::Compare(IntCmp::Lt)),
    ("<=", Operator::Compare(IntCmp::Le)),
    (">", Operator::Compare(IntCmp::Gt)),
    (">=", Operator::Compare(IntCmp::Ge)),
];

/// `a OP b` on 64-bit integers: `+ - * /` (`/` truncates toward zero) yield an integer,
/// `== != < <= > >=` a boolean.
///
/// Specializations (lattice `uninitialized → Int`):
/// * `Int` — guards: both operands are `Int`, and for arithmetic the result fits in 64 bits
///   (for `/`: the divisor is not 0 and the operation is not `MIN / -1`). Compiled: two tag
///   compares and one (overflow-checked) instruction; the operator is a constant.
/// * otherwise the fallback raises `integer overflow` or `division by zero` when both
///   operands are integers, else a type error; it never changes the state. A guard that
///   fails in compiled code calls the fallback out of line (a transfer to the interpreter).
pub struct BinaryNode {
    operator: Operator,
    left: bonsai::node::Child,
    right: bonsai::node::Child,
    location: SourceSection,
    state: SpecializationState,
}

impl BinaryNode {
    pub fn new(operator: Operator, left: NodeBox, right: NodeBox, location: SourceSection) -> BinaryNode {
        BinaryNode {
            operator,
            left: left.into(),
            right: right.into(),
            location,
            state: SpecializationState::new(),
        }
    }

    fn int<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let [a, b] = expect_ints(d, ops)?;
        match self.operator {
            Operator::Arithmetic(op) => {
                let r = checked(d, op, a, b)?;
                Ok(d.box_int(r))
            }
            Operator::Compare(cmp) => {
                let r = d.int_compare(cmp, a, b);
                Ok(d.box_bool(r))
            }
        }
    }

    fn symbol(&self) -> &'static str {
        OPERATORS.iter().find(|(_, op)| *op == self.operator).map_or("?", |(symbol, _)| symbol)
    }
}

impl Specialize<2> for BinaryNode {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] = specializations![Int => Self::int];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, _: &mut Interp<'_>, ops: [Value; 2]) -> Result<Value, GuestError> {
        let error = match ops {
            [Value::Int(_), Value::Int(0)] if self.operator == Operator::Arithmetic(IntOp::Div) => {
                error_at("division by zero", &self.location)
            }
            [Value::Int(_), Value::Int(_)] => error_at("integer overflow", &self.location),
            [a, b] => {
                let (symbol, a, b) = (self.symbol(), display(&a), display(&b));
                error_at(&format!("type error: `{symbol}` expects integers, got {a} and {b}"), &self.location)
            }
        };
        Err(error)
    }
}

impl Execute for BinaryNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        bonsai::specialization::execute_binary(d, self, &self.left, &self.right)
    }
}

impl Dump for BinaryNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(
            Label::new(format!("Binary {}", self.symbol())).specialized(self),
            &[&*self.left, &*self.right],
        );
    }
}
