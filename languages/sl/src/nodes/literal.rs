//! Literals: constants held by the node.

use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::value::Value;

/// A numeric or string literal: `42`, `"abc"`, `123456789012345678901234567890`.
/// Its value is allocated once (immortal) when the tree is built; compiled code embeds it.
pub struct ConstantNode {
    value: Value,
}

impl ConstantNode {
    pub fn new(value: Value) -> ConstantNode {
        ConstantNode { value }
    }
}

impl Execute for ConstantNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.constant(self.value))
    }
}

impl Dump for ConstantNode {
    fn dump(&self, w: &mut TreeDump) {
        match self.value {
            Value::String(s) => w.line(format!("Constant {:?}", &**s)),
            v => w.line(format!("Constant {}", crate::runtime::display(&v))),
        }
    }
}
