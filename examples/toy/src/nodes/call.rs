//! Calls of functions resolved when the tree is built, calls of a local's value, and
//! `import`.

use super::{display, error_at, NodeBox};
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::function::FunctionRef;
use bonsai::heap::with_rooted_slice;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::polyglot::{InteropError, Polyglot};
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::{Tag, Value};

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

/// `f(a1, …, an)` where `f` is a local: evaluates `f`, then the arguments left to right, and
/// calls `f`'s value. A function value (Toy's, or another language's) is called through its
/// call target, so compiled code calls it directly and can inline it; another language's
/// executable is executed by its language (interop `execute`); anything else fails with
/// `type error: V is not a function at line L, column C`.
pub struct CallValueNode {
    callee: NodeBox,
    arguments: Vec<NodeBox>,
    is_function: ConditionProfile,
    at: SourceSection,
}

impl CallValueNode {
    pub fn new(callee: NodeBox, arguments: Vec<NodeBox>, at: SourceSection) -> CallValueNode {
        CallValueNode { callee, arguments, is_function: ConditionProfile::new(), at }
    }

    /// A callee that is not a function value, out of line.
    fn call_other(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let (callee, args) = (&operands[0], &operands[1..]);
        let not_a_function =
            || error_at(&format!("type error: {} is not a function", display(callee)), &self.at);
        let Some(polyglot) = Polyglot::current().filter(|p| p.is_executable(callee)) else {
            return Err(not_a_function());
        };
        polyglot.execute(interp.ctx, callee, args).map_err(|e| match e {
            InteropError::Guest(e) => e,
            InteropError::Arity { expected, actual } => {
                error_at(&format!("{} takes {expected} argument(s), got {actual}", display(callee)), &self.at)
            }
            _ => not_a_function(),
        })
    }
}

impl Execute for CallValueNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let callee = d.execute(&*self.callee)?;
        with_rooted_slice(callee, self.arguments.len() + 1, |operands| {
            for (i, a) in self.arguments.iter().enumerate() {
                operands[i + 1] = d.execute(&**a)?;
            }
            let is_function = d.has_tag(operands[0], Tag::Function);
            d.choose(
                is_function,
                &self.is_function,
                |d| d.call_function_value(operands[0], &operands[1..]),
                |d| {
                    d.boundary(
                        self,
                        |n: &CallValueNode, interp: &mut Interp<'_>, vals: &[Value]| {
                            n.call_other(interp, vals)
                        },
                        operands,
                    )
                },
            )
        })
    }
}

impl Dump for CallValueNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.callee];
        children.extend(self.arguments.iter().map(|a| &**a));
        w.node("CallValue", &children);
    }
}

/// `import name`: the value bound to `name` in the polyglot bindings; `0` when unbound or
/// outside a polyglot context (Toy has no null).
pub struct ImportNode {
    name: Box<str>,
}

impl ImportNode {
    pub fn new(name: &str) -> ImportNode {
        ImportNode { name: name.into() }
    }
}

impl Execute for ImportNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.boundary(
            self,
            |n: &ImportNode, _: &mut Interp<'_>, _: &[Value]| {
                Ok(Polyglot::current().and_then(|p| p.import(&n.name)).unwrap_or(Value::Int(0)))
            },
            &[],
        )
    }
}

impl Dump for ImportNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Import {}", self.name));
    }
}
