//! Calls of functions resolved when the tree is built, and the bodies of builtins.

use super::NodeBox;
use crate::builtins::{Builtin, Output};
use bonsai::exec::{Domain, Interp, Unwind};
use bonsai::function::FunctionRef;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::value::Value;
use std::rc::Rc;

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

/// The body of a builtin's call target: reads its arguments and calls the builtin. Boundary:
/// builtins do I/O, which compiled code calls out of line.
pub struct BuiltinNode {
    builtin: &'static Builtin,
    output: Rc<Output>,
}

impl BuiltinNode {
    pub fn new(builtin: &'static Builtin, output: Rc<Output>) -> BuiltinNode {
        BuiltinNode { builtin, output }
    }
}

impl Execute for BuiltinNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let args: Vec<D::Value> = (0..self.builtin.arity).map(|i| d.argument(i)).collect();
        let run = |n: &BuiltinNode, _: &mut Interp<'_>, vals: &[Value]| {
            (n.builtin.function)(&n.output, vals).map_err(Unwind::Error)
        };
        d.boundary(self, run, &args)
    }
}

impl Dump for BuiltinNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Builtin {}", self.builtin.name));
    }
}
