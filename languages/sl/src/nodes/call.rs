//! Calls (spec §8) and the body of the `new` builtin.

use super::NodeBox;
use crate::polyglot::{interop_error, SL};
use crate::runtime::not_a_function;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::function::FunctionRef;
use bonsai::heap::with_rooted_slice;
use bonsai::inline_cache::{CacheEntry, CacheUpdate, InlineCache, ShapeEntry};
use bonsai::node::{Child, Dump, Execute, Label, Node, TreeDump};
use bonsai::object::ShapeRef;
use bonsai::polyglot::{is_foreign, CachedExecute};
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
/// with `Undefined function: NAME` (no location); a foreign executable is executed.
///
/// Call-site cache lattice: `uninitialized → monomorphic f → polymorphic f g … (up to
/// CALL_CACHE_LIMIT functions) → megamorphic`. A cached call is an identity compare with a
/// constant function and a direct call; megamorphic calls check the tag and call indirectly.
/// A second cache, keyed on shapes, holds the foreign executables whose language resolved
/// their execution for the shape ([`bonsai::polyglot::CachedExecute`]): a shape compare and a
/// direct call of the foreign function, which compiled code inlines like any other.
pub struct InvokeNode {
    callee: Child,
    arguments: Vec<Child>,
    cache: InlineCache<CachedFunction, CALL_CACHE_LIMIT>,
    foreign: InlineCache<ForeignCallee, CALL_CACHE_LIMIT>,
    is_function: ConditionProfile,
    is_object: ConditionProfile,
}

/// A cached foreign executable: objects of `shape` execute as `execute` says.
#[derive(Clone, Copy, Debug)]
struct ForeignCallee {
    shape: ShapeRef,
    execute: CachedExecute,
}

impl CacheEntry for ForeignCallee {
    fn same_key(&self, other: &Self) -> bool {
        std::ptr::eq(self.shape, other.shape)
    }

    fn describe(&self) -> String {
        format!(
            "foreign {} {} -> {}",
            self.shape.language().map_or("?", |l| l.as_str()),
            self.shape.describe(),
            self.execute.function.name()
        )
    }
}

impl ShapeEntry for ForeignCallee {
    fn shape(&self) -> ShapeRef {
        self.shape
    }
}

impl InvokeNode {
    pub fn new(callee: NodeBox, arguments: Vec<NodeBox>) -> InvokeNode {
        let arguments = arguments.into_iter().map(Child::new).collect();
        InvokeNode {
            callee: callee.into(),
            arguments,
            cache: InlineCache::new(),
            foreign: InlineCache::new(),
            is_function: ConditionProfile::new(),
            is_object: ConditionProfile::new(),
        }
    }

    /// The cache miss, out of line: adds the callee to the cache (or goes megamorphic) and
    /// calls it.
    fn miss(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let Some((callee, args)) = operands.split_first() else {
            return Err(bonsai::error::GuestError::new("internal error: call without callee"));
        };
        let Value::Function(f) = *callee else {
            if let Some(entry) = self.foreign_entry(callee, args.len()) {
                if self.foreign.record(entry) != CacheUpdate::Unchanged {
                    interp.report_rewrite();
                }
                return call_cached_foreign(interp, entry.execute, callee, args);
            }
            return call_foreign(interp, callee, args);
        };
        if self.cache.record(CachedFunction(f)) != CacheUpdate::Unchanged {
            interp.report_rewrite();
        }
        interp.call(f, args)
    }
}

impl InvokeNode {
    /// The cache entry for foreign executable `callee` called with `arity` arguments, when its
    /// language resolves the execution for its shape.
    fn foreign_entry(&self, callee: &Value, arity: usize) -> Option<ForeignCallee> {
        let Value::Object(o) = callee else { return None };
        if !is_foreign(callee, SL) {
            return None;
        }
        let shape = o.shape();
        let execute = bonsai::polyglot::Polyglot::current()?.cached_execute(shape, arity)?;
        Some(ForeignCallee { shape, execute })
    }

    /// The call of a cached foreign executable, in any domain: its function with the value at
    /// the receiver slot (when there is one) and the arguments.
    fn call_foreign_cached<D: Domain + ?Sized>(
        d: &mut D,
        execute: CachedExecute,
        callee: D::Value,
        args: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        match execute.receiver {
            None => d.call_function(execute.function, args),
            Some(location) => {
                let receiver = d.load_slot(callee, location);
                with_rooted_slice(receiver, args.len() + 1, |all| {
                    all[1..].copy_from_slice(args);
                    d.call_function(execute.function, all)
                })
            }
        }
    }
}

/// [`InvokeNode::call_foreign_cached`] in the interpreter, for the cache miss.
fn call_cached_foreign(
    interp: &mut Interp<'_>,
    execute: CachedExecute,
    callee: &Value,
    args: &[Value],
) -> Result<Value, GuestError> {
    match (execute.receiver, callee) {
        (Some(location), Value::Object(o)) => with_rooted_slice(o.read(location), args.len() + 1, |all| {
            all[1..].copy_from_slice(args);
            interp.call(execute.function, all)
        }),
        _ => interp.call(execute.function, args),
    }
}

impl Execute for InvokeNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        // The callee and the arguments, visible to the collector while the call is made.
        let callee = d.execute_child(&self.callee)?;
        // One and two arguments (most calls) in arrays of their size: no storage class to
        // choose and fill first. Values held in locals are seen by the collector like any on
        // the native stack or in spilled registers.
        match self.arguments.as_slice() {
            [a] => {
                let a = d.execute_child(a)?;
                return self.call(d, callee, &[a]);
            }
            [a, b] => {
                let a = d.execute_child(a)?;
                let b = d.execute_child(b)?;
                return self.call(d, callee, &[a, b]);
            }
            _ => {}
        }
        with_rooted_slice(callee, self.arguments.len() + 1, |operands| {
            for (i, a) in self.arguments.iter().enumerate() {
                operands[i + 1] = d.execute_child(a)?;
            }
            // The callee from the operands, not captured: a captured copy would be read back
            // as one 16-byte load of a value stored as two words (a store-forwarding stall).
            self.call(d, operands[0], &operands[1..])
        })
    }
}

impl InvokeNode {
    /// Calls `callee` with `args`. The hot paths pass `args` as they are; the paths that
    /// leave for the runtime (a miss, a foreign callee) pass the callee and the arguments
    /// together, copied where the collector sees them.
    #[inline(always)]
    fn call<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        callee: D::Value,
        args: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        // Closures `move`: their captures are copies (the callee, the argument slice, the
        // node), not references that would keep the callee in memory on the hot path; each
        // made where it is used.
        if self.cache.is_megamorphic() {
            let is_function = d.has_tag(callee, Tag::Function);
            return d.choose(
                is_function,
                &self.is_function,
                move |d| d.call_function_value(callee, args),
                move |d| {
                    self.call_boundary(d, callee, args, |_, interp, vals| {
                        call_foreign(interp, &vals[0], &vals[1..])
                    })
                },
            );
        }
        let guard = move |d: &mut D, f: &CachedFunction| {
            let expected = d.constant(Value::Function(f.0));
            d.same(callee, expected)
        };
        let hit = move |d: &mut D, f: CachedFunction| d.call_function(f.0, args);
        if self.foreign.is_uninitialized() {
            let miss =
                move |d: &mut D| self.call_boundary(d, callee, args, |n, interp, vals| n.miss(interp, vals));
            self.cache.dispatch(d, guard, hit, miss)
        } else {
            // The functions, then the foreign executables, whose miss is the site's.
            let foreign = move |d: &mut D| {
                self.foreign.dispatch_on_shape(
                    d,
                    callee,
                    &self.is_object,
                    move |d, e| Self::call_foreign_cached(d, e.execute, callee, args),
                    move |d| self.call_boundary(d, callee, args, |n, interp, vals| n.miss(interp, vals)),
                )
            };
            self.cache.dispatch_or(d, guard, hit, foreign)
        }
    }

    /// Runs `f` out of line on the callee and the arguments together, copied where the
    /// collector sees them (a miss, a foreign callee).
    fn call_boundary<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        callee: D::Value,
        args: &[D::Value],
        f: fn(&InvokeNode, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError>,
    ) -> Result<D::Value, D::Abrupt> {
        with_rooted_slice(callee, args.len() + 1, |operands| {
            operands[1..].copy_from_slice(args);
            d.boundary(self, f, operands)
        })
    }
}

/// A call of a value that is not a function: a foreign executable is executed (interop
/// `execute`), anything else fails with `Undefined function: V`.
fn call_foreign(interp: &mut Interp<'_>, callee: &Value, args: &[Value]) -> Result<Value, GuestError> {
    if !is_foreign(callee, SL) {
        return Err(not_a_function(callee));
    }
    let polyglot = crate::polyglot::current()?;
    polyglot.execute(interp.ctx, callee, args).map_err(|e| interop_error(e, callee, None))
}

impl Dump for InvokeNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.callee];
        children.extend(self.arguments.iter().map(|a| &**a));
        let label = Label::new("Invoke").cache(None, &self.cache);
        let label = if self.foreign.is_empty() { label } else { label.cache(None, &self.foreign) };
        w.node(label, &children);
    }
}

/// The body of the `new` builtin: a new object of SL's root shape, when the argument is NULL
/// (missing); any other argument is called as a constructor: a foreign instantiable value
/// (a SOM class) is instantiated, and no SL value is one (`Undefined function: V`). The allocation is a domain operation, so callers that compile
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
        let no_argument = d.has_tag(argument, Tag::Null);
        // An argument is rare: until one is seen, compiled code leaves for the interpreter
        // there, so the new object is the only value here (and stays virtual when it does
        // not escape) rather than merged with a foreign instance.
        bonsai::exec::choose_speculating(
            d,
            no_argument,
            &self.no_argument,
            "new() with an argument",
            |d| Ok(d.new_object(self.shape)),
            |d| {
                d.boundary(
                    self,
                    |_: &NewObjectNode, interp: &mut Interp<'_>, v: &[Value]| instantiate(interp, &v[0]),
                    &[argument],
                )
            },
        )
    }
}

impl Dump for NewObjectNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("NewObject {}", self.shape.describe()));
    }
}

/// `new(v)` of a value that is not NULL: a foreign instantiable value is instantiated
/// (interop `instantiate`, no arguments); anything else is no constructor.
fn instantiate(interp: &mut Interp<'_>, v: &Value) -> Result<Value, GuestError> {
    if !is_foreign(v, SL) {
        return Err(not_a_function(v));
    }
    let polyglot = crate::polyglot::current()?;
    polyglot.instantiate(interp.ctx, v, &[]).map_err(|e| interop_error(e, v, None))
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
