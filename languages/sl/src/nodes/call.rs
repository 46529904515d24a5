//! Calls (spec §8) and the bodies of builtins.

use super::NodeBox;
use crate::builtins::Builtin;
use crate::runtime::{not_a_function, SlContext};
use bonsai::call::FunctionRef;
use bonsai::exec::{Domain, Interp, Unwind};
use bonsai::heap::RootedSlice;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::value::Value;
use smallvec::SmallVec;
use std::cell::Cell;
use std::rc::Rc;

/// The inline cache of a call site: a monotonic lattice
/// `Uninitialized → Monomorphic(f) → Generic`.
#[derive(Clone, Copy, Debug)]
enum CallSite {
    Uninitialized,
    /// Every call so far went to `f`: compiled code guards the callee's identity and calls
    /// `f`'s installed code directly.
    Monomorphic(FunctionRef),
    /// Several functions were called: the call goes out of line.
    Generic,
}

/// `callee(a1, …, ak)`: evaluates the callee, then the arguments left to right, then calls.
/// Calling a non-function fails with `Undefined function: V`; calling an undefined function
/// with `Undefined function: NAME` (no location).
pub struct InvokeNode {
    callee: NodeBox,
    arguments: Vec<NodeBox>,
    site: Cell<CallSite>,
    cache_hit: ConditionProfile,
}

impl InvokeNode {
    pub fn new(callee: NodeBox, arguments: Vec<NodeBox>) -> InvokeNode {
        InvokeNode {
            callee,
            arguments,
            site: Cell::new(CallSite::Uninitialized),
            cache_hit: ConditionProfile::new(),
        }
    }

    /// The out-of-line call: updates the inline cache and calls through the function object.
    fn call_generic(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, Unwind> {
        let Some((callee, args)) = operands.split_first() else {
            return Err(Unwind::Error(bonsai::error::GuestError::new(
                "internal error: call without callee",
            )));
        };
        let Value::Function(f) = *callee else {
            return Err(not_a_function(callee).into());
        };
        let next = match self.site.get() {
            CallSite::Uninitialized => Some(CallSite::Monomorphic(f)),
            CallSite::Monomorphic(g) if !std::ptr::eq(f, g) => Some(CallSite::Generic),
            _ => None,
        };
        if let Some(next) = next {
            self.site.set(next);
            interp.report_rewrite();
        }
        interp.call(f, args).map_err(Unwind::Error)
    }

    fn generic<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        operands: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        d.boundary(
            move |interp: &mut Interp<'_>, vals: &[Value]| self.call_generic(interp, vals),
            operands,
        )
    }
}

impl Execute for InvokeNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        // The callee and the arguments, visible to the collector while the call is made.
        let callee = d.execute(&*self.callee)?;
        let mut operands = RootedSlice::from_elem(callee, self.arguments.len() + 1);
        for (i, a) in self.arguments.iter().enumerate() {
            operands[i + 1] = d.execute(&**a)?;
        }
        match self.site.get() {
            CallSite::Monomorphic(f) => {
                let expected = d.constant(Value::Function(f));
                let hit = d.same(operands[0], expected);
                d.choose(
                    hit,
                    &self.cache_hit,
                    |d| d.call_function(f, &operands[1..]),
                    |d| self.generic(d, &operands),
                )
            }
            CallSite::Uninitialized | CallSite::Generic => self.generic(d, &operands),
        }
    }
}

impl Dump for InvokeNode {
    fn dump(&self, w: &mut TreeDump) {
        let site = match self.site.get() {
            CallSite::Uninitialized => "uninitialized".to_string(),
            CallSite::Monomorphic(f) => format!("monomorphic {}", f.name()),
            CallSite::Generic => "generic".to_string(),
        };
        let mut children: Vec<&dyn Node> = vec![&*self.callee];
        children.extend(self.arguments.iter().map(|a| &**a));
        w.node(format!("Invoke [{site}]"), &children);
    }
}

/// The body of a builtin's call target: reads its declared arguments (missing ones are
/// NULL, extra ones ignored) and calls the builtin out of line. Boundary: builtins do I/O.
pub struct BuiltinNode {
    builtin: &'static Builtin,
    context: Rc<SlContext>,
}

impl BuiltinNode {
    pub fn new(builtin: &'static Builtin, context: Rc<SlContext>) -> BuiltinNode {
        BuiltinNode { builtin, context }
    }
}

impl Execute for BuiltinNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let args: SmallVec<[D::Value; 4]> =
            (0..self.builtin.arity).map(|i| d.argument(i)).collect();
        let (builtin, context) = (self.builtin, &self.context);
        d.boundary(
            move |interp: &mut Interp<'_>, vals: &[Value]| {
                (builtin.function)(context, interp, vals).map_err(Unwind::Error)
            },
            &args,
        )
    }
}

impl Dump for BuiltinNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Builtin {}", self.builtin.name));
    }
}
