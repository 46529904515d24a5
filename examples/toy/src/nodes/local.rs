//! Constants. Locals and arguments are the framework's nodes ([`bonsai::nodes`]).

use super::display;
use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::value::Value;

/// An integer literal: `42`. Compiled code embeds it as an immediate.
pub struct ConstantNode {
    pub value: Value,
}

impl Execute for ConstantNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.constant(self.value))
    }
}

impl Dump for ConstantNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Constant {}", display(&self.value)));
    }
}
