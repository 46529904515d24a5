//! SOM's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.
//! Constants, frame locals and arguments are the framework's ([`bonsai::nodes`]).
//!
//! Heap objects the nodes make besides SOM objects:
//!
//! * a **block** (§7) is an object of its class (`Block1`/`Block2`/`Block3`) with four hidden
//!   properties ([`BLOCK_PROPERTIES`]): its function (a `Value::Function`, called with the block
//!   and the arguments), its outer context, the home method's receiver and the home activation's
//!   marker;
//! * a **context** holds the variables of one activation that inner blocks capture (by
//!   reference, §7): property 0 is the next outer context, then one property per captured
//!   variable. Variables no block captures live in frame slots;
//! * a **marker** identifies a method activation that a block's `^` returns to: its one
//!   property `alive` is `true` while the activation runs (§7, `escapedBlock:`).

pub mod arithmetic;
pub mod block;
pub mod control_flow;
pub mod literal;
pub mod send;
pub mod variables;

pub use bonsai::nodes::NodeBox;

use bonsai::exec::Domain;
use bonsai::node::{Child, Dump, Execute, Node, TreeDump};
use bonsai::value::Value;

/// The hidden properties of a block object, in order (locations follow the block class's
/// fields, of which the core library declares none).
pub const BLOCK_PROPERTIES: [&str; 4] = ["^function", "^context", "^self", "^marker"];

/// Statements in order; the value is the last one's (`nil` when empty).
pub struct SequenceNode {
    pub statements: Vec<Child>,
}

impl SequenceNode {
    pub fn new(statements: Vec<NodeBox>) -> SequenceNode {
        SequenceNode { statements: statements.into_iter().map(Child::new).collect() }
    }
}

impl Execute for SequenceNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let mut value = d.constant(Value::Null);
        for s in &self.statements {
            value = d.execute_child(s)?;
        }
        Ok(value)
    }
}

impl Dump for SequenceNode {
    fn dump(&self, w: &mut TreeDump) {
        let children: Vec<&dyn Node> = self.statements.iter().map(|s| &**s).collect();
        w.node("Sequence", &children);
    }
}
