//! Calls (spec §8) and the body of the `new` builtin.

use super::NodeBox;
use crate::runtime::not_a_function;
use bonsai::call::FunctionRef;
use bonsai::exec::{expect_tag, Domain, Interp, Unwind};
use bonsai::heap::RootedSlice;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::object::ShapeRef;
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use smallvec::SmallVec;
use std::cell::Cell;

/// Call targets a call site caches before it goes megamorphic.
pub const CALL_CACHE_LIMIT: usize = 3;

/// The inline cache of a call site: a monotonic lattice
/// `Uninitialized → Monomorphic(f) → Polymorphic(f, g, …) → Megamorphic`.
#[derive(Clone, Copy, Debug)]
enum CallSite {
    Uninitialized,
    /// The functions called so far (at most [`CALL_CACHE_LIMIT`]; one: monomorphic):
    /// compiled code compares the callee with each and calls the matching function's
    /// installed code directly.
    Cached([Option<FunctionRef>; CALL_CACHE_LIMIT]),
    /// Too many functions: compiled code checks the callee is a function and calls it
    /// indirectly.
    Megamorphic,
}

/// `callee(a1, …, ak)`: evaluates the callee, then the arguments left to right, then calls.
/// Calling a non-function fails with `Undefined function: V`; calling an undefined function
/// with `Undefined function: NAME` (no location).
pub struct InvokeNode {
    callee: NodeBox,
    arguments: Vec<NodeBox>,
    site: Cell<CallSite>,
    /// Whether cached entries matched (shared by the entries: it only decides cold layout).
    cache_hit: ConditionProfile,
    is_function: ConditionProfile,
}

impl InvokeNode {
    pub fn new(callee: NodeBox, arguments: Vec<NodeBox>) -> InvokeNode {
        InvokeNode {
            callee,
            arguments,
            site: Cell::new(CallSite::Uninitialized),
            cache_hit: ConditionProfile::new(),
            is_function: ConditionProfile::new(),
        }
    }

    /// The cache miss, out of line: adds the callee to the cache (or goes megamorphic) and
    /// calls it.
    fn miss(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, Unwind> {
        let Some((callee, args)) = operands.split_first() else {
            return Err(Unwind::Error(bonsai::error::GuestError::new("internal error: call without callee")));
        };
        let Value::Function(f) = *callee else {
            return Err(not_a_function(callee).into());
        };
        let next = match self.site.get() {
            CallSite::Uninitialized => Some(CallSite::Cached([Some(f), None, None])),
            CallSite::Cached(mut entries) => {
                if entries.iter().flatten().any(|g| std::ptr::eq(*g, f)) {
                    None
                } else if let Some(free) = entries.iter_mut().find(|e| e.is_none()) {
                    *free = Some(f);
                    Some(CallSite::Cached(entries))
                } else {
                    Some(CallSite::Megamorphic)
                }
            }
            CallSite::Megamorphic => None,
        };
        if let Some(next) = next {
            self.site.set(next);
            interp.report_rewrite();
        }
        interp.call(f, args).map_err(Unwind::Error)
    }

    /// Compares the callee with the cached functions in order; the last miss goes out of line.
    fn dispatch<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        entries: &[FunctionRef],
        operands: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        let Some((&f, rest)) = entries.split_first() else {
            return d.boundary(
                self,
                |n: &InvokeNode, interp: &mut Interp<'_>, vals: &[Value]| n.miss(interp, vals),
                operands,
            );
        };
        let expected = d.constant(Value::Function(f));
        let hit = d.same(operands[0], expected);
        d.choose(
            hit,
            &self.cache_hit,
            |d| d.call_function(f, &operands[1..]),
            |d| self.dispatch(d, rest, operands),
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
            CallSite::Uninitialized => self.dispatch(d, &[], &operands),
            CallSite::Cached(entries) => {
                let entries: SmallVec<[FunctionRef; CALL_CACHE_LIMIT]> =
                    entries.iter().flatten().copied().collect();
                self.dispatch(d, &entries, &operands)
            }
            CallSite::Megamorphic => {
                let is_function = d.has_tag(callee, Tag::Function);
                d.choose(
                    is_function,
                    &self.is_function,
                    |d| d.call_function_value(callee, &operands[1..]),
                    |d| {
                        d.boundary(
                            self,
                            |_: &InvokeNode, _: &mut Interp<'_>, vals: &[Value]| {
                                Err(not_a_function(&vals[0]).into())
                            },
                            &[callee],
                        )
                    },
                )
            }
        }
    }
}

impl Dump for InvokeNode {
    fn dump(&self, w: &mut TreeDump) {
        let site = match self.site.get() {
            CallSite::Uninitialized => "uninitialized".to_string(),
            CallSite::Cached(entries) => {
                let names: Vec<&str> = entries.iter().flatten().map(|f| f.name()).collect();
                let kind = if names.len() == 1 { "monomorphic" } else { "polymorphic" };
                format!("{kind} {}", names.join(", "))
            }
            CallSite::Megamorphic => "megamorphic".to_string(),
        };
        let mut children: Vec<&dyn Node> = vec![&*self.callee];
        children.extend(self.arguments.iter().map(|a| &**a));
        w.node(format!("Invoke [{site}]"), &children);
    }
}

/// The body of the `new` builtin: a new object of SL's root shape, when the argument is NULL
/// (missing); any other argument is called as a constructor, which no SL value is:
/// `Undefined function: V`. The allocation is a domain operation, so callers that compile
/// `new()` inline get the heap's allocation fast path.
pub struct NewObjectNode {
    shape: ShapeRef,
    no_argument: ConditionProfile,
}

impl NewObjectNode {
    pub fn new(shape: ShapeRef) -> NewObjectNode {
        NewObjectNode { shape, no_argument: ConditionProfile::new() }
    }
}

impl Execute for NewObjectNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let argument = d.argument(0);
        expect_tag(d, self, argument, Tag::Null, &self.no_argument, |_: &NewObjectNode, v| {
            Err(not_a_function(&v).into())
        })?;
        Ok(d.new_object(self.shape))
    }
}

impl Dump for NewObjectNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("NewObject {}", self.shape.describe()));
    }
}
