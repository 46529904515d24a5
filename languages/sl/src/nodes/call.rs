//! Calls (spec §8) and the body of the `new` builtin.

use super::NodeBox;
use crate::runtime::not_a_function;
use bonsai::error::GuestError;
use bonsai::exec::{expect_tag, Domain, Interp};
use bonsai::function::FunctionRef;
use bonsai::heap::with_rooted_slice;
use bonsai::inline_cache::{CacheEntry, CacheUpdate, InlineCache};
use bonsai::node::{Child, Dump, Execute, Label, Node, TreeDump};
use bonsai::object::ShapeRef;
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};

/// Functions a call site caches before it goes megamorphic.
pub const CALL_CACHE_LIMIT: usize = 3;

/// A cached callee: compiled code compares the callee with the function object and calls its
/// current call target directly (or inlines it).
#[derive(Clone, Copy, Debug)]
struct CachedFunction(FunctionRef);

impl CacheEntry for CachedFunction {
    fn same_key(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }

    fn describe(&self) -> String {
        self.0.name().to_string()
    }
}

/// `callee(a1, …, ak)`: evaluates the callee, then the arguments left to right, then calls.
/// Calling a non-function fails with `Undefined function: V`; calling an undefined function
/// with `Undefined function: NAME` (no location).
///
/// Call-site cache lattice: `uninitialized → monomorphic f → polymorphic f g … (up to
/// CALL_CACHE_LIMIT functions) → megamorphic`. A cached call is an identity compare with a
/// constant function and a direct call; megamorphic calls check the tag and call indirectly.
pub struct InvokeNode {
    callee: Child,
    arguments: Vec<Child>,
    cache: InlineCache<CachedFunction, CALL_CACHE_LIMIT>,
    is_function: ConditionProfile,
}

impl InvokeNode {
    pub fn new(callee: NodeBox, arguments: Vec<NodeBox>) -> InvokeNode {
        let arguments = arguments.into_iter().map(Child::new).collect();
        InvokeNode {
            callee: callee.into(),
            arguments,
            cache: InlineCache::new(),
            is_function: ConditionProfile::new(),
        }
    }

    /// The cache miss, out of line: adds the callee to the cache (or goes megamorphic) and
    /// calls it.
    fn miss(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let Some((callee, args)) = operands.split_first() else {
            return Err(bonsai::error::GuestError::new("internal error: call without callee"));
        };
        let Value::Function(f) = *callee else {
            return Err(not_a_function(callee));
        };
        if self.cache.record(CachedFunction(f)) != CacheUpdate::Unchanged {
            interp.report_rewrite();
        }
        interp.call(f, args)
    }
}

impl Execute for InvokeNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        // The callee and the arguments, visible to the collector while the call is made.
        let callee = d.execute_child(&self.callee)?;
        with_rooted_slice(callee, self.arguments.len() + 1, |operands| {
            for (i, a) in self.arguments.iter().enumerate() {
                operands[i + 1] = d.execute_child(a)?;
            }
            // The callee from the operands, not captured: a captured copy would be read back
            // as one 16-byte load of a value stored as two words (a store-forwarding stall).
            self.call(d, operands[0], operands)
        })
    }
}

impl InvokeNode {
    /// Calls `callee` with `operands[1..]` (`operands[0]` is the callee).
    #[inline(always)]
    fn call<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        callee: D::Value,
        operands: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        if self.cache.is_megamorphic() {
            let is_function = d.has_tag(callee, Tag::Function);
            return d.choose(
                is_function,
                &self.is_function,
                |d| d.call_function_value(callee, &operands[1..]),
                |d| {
                    d.boundary(
                        self,
                        |_: &InvokeNode, _: &mut Interp<'_>, vals: &[Value]| Err(not_a_function(&vals[0])),
                        &[callee],
                    )
                },
            );
        }
        self.cache.dispatch(
            d,
            |d, f| {
                let expected = d.constant(Value::Function(f.0));
                d.same(callee, expected)
            },
            |d, f| d.call_function(f.0, &operands[1..]),
            |d| {
                d.boundary(
                    self,
                    |n: &InvokeNode, interp: &mut Interp<'_>, vals: &[Value]| n.miss(interp, vals),
                    operands,
                )
            },
        )
    }
}

impl Dump for InvokeNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.callee];
        children.extend(self.arguments.iter().map(|a| &**a));
        w.node(Label::new("Invoke").cache(None, &self.cache), &children);
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
            Err(not_a_function(&v))
        })?;
        Ok(d.new_object(self.shape))
    }
}

impl Dump for NewObjectNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("NewObject {}", self.shape.describe()));
    }
}

/// The body of the `isNull` builtin: whether its argument is NULL (a missing argument is
/// NULL). A node rather than a boundary: a compiled caller that inlines it tests one tag.
pub struct IsNullNode;

impl Execute for IsNullNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let argument = d.argument(0);
        let is_null = d.has_tag(argument, Tag::Null);
        Ok(d.box_bool(is_null))
    }
}

impl Dump for IsNullNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line("IsNull");
    }
}
