//! Constants, local variables and arguments: frame slots resolved when the tree is built.

use super::{display, NodeBox};
use bonsai::exec::Domain;
use bonsai::frame::FrameSlot;
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

/// Reads a local: `x`. Compiled: an SSA variable, no memory access.
pub struct ReadLocalNode {
    pub name: String,
    pub slot: FrameSlot,
}

impl Execute for ReadLocalNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.read_local(self.slot))
    }
}

impl Dump for ReadLocalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadLocal {} {}", self.name, self.slot));
    }
}

/// Writes a local and yields the value: `x = e`.
pub struct WriteLocalNode {
    pub name: String,
    pub slot: FrameSlot,
    pub value: NodeBox,
}

impl Execute for WriteLocalNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute(&*self.value)?;
        d.write_local(self.slot, v);
        Ok(v)
    }
}

impl Dump for WriteLocalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(
            format!("WriteLocal {} {}", self.name, self.slot),
            &[&*self.value],
        );
    }
}

/// Reads the i-th argument of the call: the parameter prologue writes it to its slot.
pub struct ReadArgumentNode {
    pub index: usize,
}

impl Execute for ReadArgumentNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.argument(self.index))
    }
}

impl Dump for ReadArgumentNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadArgument {}", self.index));
    }
}
