//! Calls of functions resolved when the tree is built.

use super::NodeBox;
use bonsai::exec::Domain;
use bonsai::function::FunctionRef;
use bonsai::node::{Dump, Execute, Node, TreeDump};

/// `f(a1, …, an)`: evaluates the arguments left to right and calls `f`, a function object
/// resolved by name (and checked for arity) when the tree was built. Compiled: a direct call
/// of `f`'s installed machine code, or a call into the interpreter when it has none.
pub struct CallNode {
    function: FunctionRef,
    arguments: Vec<NodeBox>,
}

impl CallNode {
    pub fn new(function: FunctionRef, arguments: Vec<NodeBox>) -> CallNode {
        CallNode { function, arguments }
    }
}

impl Execute for CallNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let mut args = Vec::with_capacity(self.arguments.len());
        for a in &self.arguments {
            args.push(d.execute(&**a)?);
        }
        d.call_function(self.function, &args)
    }
}

impl Dump for CallNode {
    fn dump(&self, w: &mut TreeDump) {
        let children: Vec<&dyn Node> = self.arguments.iter().map(|a| &**a).collect();
        w.node(format!("Call {}", self.function.name()), &children);
    }
}
