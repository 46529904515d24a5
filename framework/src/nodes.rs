//! Language-independent nodes every guest language needs: frame slot access and arguments.
//! Languages build them with slots resolved at tree-building time (no name lookups at run
//! time) and use them like their own nodes.

use crate::exec::Domain;
use crate::frame::FrameSlot;
use crate::node::{Dump, Execute, Node, TreeDump};

/// Reads a local: `x`. Interpreter: a frame slot; compiled: an SSA variable, no memory access.
pub struct ReadLocalNode {
    /// The guest name, for dumps.
    pub name: String,
    pub slot: FrameSlot,
}

impl Execute for ReadLocalNode {
    #[inline]
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
    /// The guest name, for dumps.
    pub name: String,
    pub slot: FrameSlot,
    pub value: Box<dyn Node>,
}

impl Execute for WriteLocalNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = d.execute(&*self.value)?;
        d.write_local(self.slot, v);
        Ok(v)
    }
}

impl Dump for WriteLocalNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("WriteLocal {} {}", self.name, self.slot), &[&*self.value]);
    }
}

/// Reads the `index`-th (0-based) argument of the call, `Null` when missing: the parameter
/// prologue writes it to the parameter's slot.
pub struct ReadArgumentNode {
    pub index: usize,
}

impl Execute for ReadArgumentNode {
    #[inline]
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        Ok(d.argument(self.index))
    }
}

impl Dump for ReadArgumentNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("ReadArgument {}", self.index));
    }
}
