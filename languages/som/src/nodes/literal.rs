//! Literals that are heap objects of SOM classes: Symbols and literal Arrays (§6). They are
//! made (immortal) on the first execution, a boundary, and are constants afterwards.

use crate::parser::Literal;
use crate::universe::Universe;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::value::Value;
use num_bigint::BigInt;
use std::cell::Cell;
use std::rc::Rc;

/// `#foo` or `#(1 #a 'b')`: the object, made once.
pub struct ObjectLiteralNode {
    literal: Literal,
    value: Cell<Option<Value>>,
    universe: Rc<Universe>,
}

impl ObjectLiteralNode {
    pub fn new(universe: &Rc<Universe>, literal: Literal) -> ObjectLiteralNode {
        ObjectLiteralNode { literal, value: Cell::new(None), universe: universe.clone() }
    }

    fn make(&self, interp: &mut Interp<'_>) -> Result<Value, GuestError> {
        let v = literal_value(&self.universe, &self.literal);
        self.value.set(Some(v));
        interp.report_rewrite();
        Ok(v)
    }
}

/// The value of a literal; objects are immortal (node constants must be).
pub fn literal_value(u: &Universe, literal: &Literal) -> Value {
    match literal {
        Literal::Integer(i) => Value::Int(*i),
        Literal::BigInteger(b) => Value::integer_constant(BigInt::clone(b)),
        Literal::Double(d) => Value::from_f64(*d),
        Literal::String(s) => Value::string_constant(s),
        Literal::Symbol(s) => u.symbol(s),
        Literal::Array(items) => {
            let values: Vec<Value> = items.iter().map(|l| literal_value(u, l)).collect();
            u.new_immortal_array(&values)
        }
    }
}

impl Execute for ObjectLiteralNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        match self.value.get() {
            Some(v) => Ok(d.constant(v)),
            None => d.boundary(
                self,
                |n: &ObjectLiteralNode, interp: &mut Interp<'_>, _: &[Value]| n.make(interp),
                &[],
            ),
        }
    }
}

impl Dump for ObjectLiteralNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Literal {:?}", self.literal));
    }
}
