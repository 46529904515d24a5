//! Local variables and arguments: resolved frame slots, no name lookup at run time.

use super::NodeBox;
use bonsai::exec::Domain;
use bonsai::frame::FrameSlot;
use bonsai::node::{Dump, Execute, TreeDump};

/// Reads a local: `x`.
pub struct ReadLocalNode {
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
    pub name: String,
    pub slot: FrameSlot,
    pub value: NodeBox,
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
        w.node(
            format!("WriteLocal {} {}", self.name, self.slot),
            &[&*self.value],
        );
    }
}

/// Reads the i-th argument of the call (NULL when missing): the parameter prologue.
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
