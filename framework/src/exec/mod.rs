//! The execution domain: the operations node semantics are written against
//! (invariant 2 of ARCHITECTURE.md).
//!
//! A node's semantics are one generic function `execute<D: Domain + ?Sized>(&self, d: &mut D)`.
//! Its instances:
//!
//! * [`Interp`] — the interpreter: `Value` is a concrete [`Value`], `Bool` a `bool`, control
//!   flow is Rust control flow, a failed [`Domain::guard`] returns [`Miss::Guard`].
//! * `dyn` [`CompileDomain`] — the partial evaluator (implemented by `bonsai-partial-eval`
//!   over Cranelift): every operation *emits code* for the operation instead of performing
//!   it. Node state (children, specialization state, profiles, constants) is ordinary data
//!   read while the code is emitted, so reading it is the partial evaluation.
//! * [`Resume`] — the interpreter continuing an activation where its compiled code
//!   deoptimized, replaying the recorded path first ([`resume`]).
//! * [`Liveness`] — an abstract evaluation of the whole tree (every branch, every slow path)
//!   computing which frame slots are live at each loop header ([`liveness`]).
//!
//! Operations are documented like instructions: operands, result, and what a failing guard
//! does. "Boundary" operations run Rust code out of line in the concrete instances.

mod compile;
mod interp;
pub mod liveness;
pub mod resume;

/// The compile-mode domain's abrupt completion (defined with the compiler interface).
pub use crate::compiler::Bailout;
pub use compile::{CompileDomain, IrValue, MergePoint, PathStep, Region, SBool, SFloat, SInt, SValue};
pub(crate) use interp::Control;
pub use interp::{Interp, Unwind};
pub use liveness::{loop_liveness, Liveness, LoopLiveness};
pub use resume::{DeoptRecord, Resume};

use crate::error::GuestError;
use crate::frame::FrameSlot;
use crate::function::FunctionRef;
use crate::inline_cache::{CacheEntries, CacheEntry};
use crate::node::{Child, Node};
use crate::object::{Location, ShapeRef};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::specialization::Specialize;
use crate::value::{Tag, Value};

/// Why a speculative fast path (a specialization body) did not produce a value.
#[derive(Debug)]
pub enum Miss<A> {
    /// A guard failed: this specialization does not apply to these operands.
    Guard,
    /// Execution completed abruptly (an error, a control-flow unwind, a compile bailout).
    Abrupt(A),
}

impl<A> From<A> for Miss<A> {
    fn from(a: A) -> Miss<A> {
        Miss::Abrupt(a)
    }
}

/// Checked 64-bit integer operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOp {
    /// Addition; overflows past 64 bits.
    Add,
    /// Subtraction; overflows past 64 bits.
    Sub,
    /// Multiplication; overflows past 64 bits.
    Mul,
    /// Division truncated toward zero; "overflowed" when the divisor is 0 or for
    /// `i64::MIN / -1` (the result is then 0 and must not be used).
    Div,
    /// The modulo of floored division (its sign is the divisor's, as Smalltalk's `\\` and
    /// SOM's `%`, Knuth's *mod*); "overflowed" only when the divisor is 0 (`i64::MIN mod -1`
    /// is 0).
    Mod,
    /// Two's-complement `and`; never overflows.
    BitAnd,
    /// Two's-complement exclusive `or`; never overflows.
    BitXor,
}

/// Signed 64-bit integer comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntCmp {
    /// `a == b`.
    Eq,
    /// `a != b`.
    Ne,
    /// `a < b`.
    Lt,
    /// `a <= b`.
    Le,
    /// `a > b`.
    Gt,
    /// `a >= b`.
    Ge,
    /// Unsigned `<`: a bounds check `0 <= a < b` in one compare when `b` is non-negative.
    ULt,
}

/// IEEE 754 binary64 arithmetic (round to nearest even; no trap: `1.0 / 0.0` is infinity,
/// `0.0 / 0.0` NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatOp {
    /// `a + b`.
    Add,
    /// `a - b`.
    Sub,
    /// `a * b`.
    Mul,
    /// `a / b`.
    Div,
}

/// IEEE 754 comparisons: ordered (false when an operand is NaN), except `Ne` (true then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatCmp {
    /// `a == b`.
    Eq,
    /// `a != b` (true when an operand is NaN).
    Ne,
    /// `a < b`.
    Lt,
    /// `a <= b`.
    Le,
    /// `a > b`.
    Gt,
    /// `a >= b`.
    Ge,
}

impl FloatCmp {
    /// The comparison on concrete doubles (the interpreter's; compiled code emits `fcmp`).
    #[inline]
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            FloatCmp::Eq => a == b,
            FloatCmp::Ne => a != b,
            FloatCmp::Lt => a < b,
            FloatCmp::Le => a <= b,
            FloatCmp::Gt => a > b,
            FloatCmp::Ge => a >= b,
        }
    }
}

impl FloatOp {
    /// The operation on concrete doubles.
    #[inline]
    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            FloatOp::Add => a + b,
            FloatOp::Sub => a - b,
            FloatOp::Mul => a * b,
            FloatOp::Div => a / b,
        }
    }
}

/// A boundary: Rust code called out of line, with concrete values, from both instances.
/// Used for builtins, big-integer arithmetic, string operations and node slow paths.
pub type BoundaryFn<'b> = dyn Fn(&mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'b;

/// The operations node semantics are written against.
///
/// `Value` is a guest value, `Int` an unboxed i64, `Float` an unboxed f64, `Bool` an unboxed
/// condition. `Abrupt` is why a node did not complete normally (interpreter: [`Unwind`];
/// compiler: [`Bailout`]).
pub trait Domain {
    /// A guest value.
    type Value: Copy;
    /// An unboxed 64-bit integer.
    type Int: Copy;
    /// An unboxed 64-bit float.
    type Float: Copy;
    /// An unboxed condition.
    type Bool: Copy;
    /// Why a node did not complete normally.
    type Abrupt;

    /// `execute node` → the node's value: run (or emit) a child node.
    fn execute(&mut self, node: &dyn Node) -> Result<Self::Value, Self::Abrupt>;

    /// `execute child` → the child's value: `execute` of its node. The interpreter performs a
    /// [`Leaf`](crate::node::Leaf) child's operation itself, without calling the node.
    #[inline]
    fn execute_child(&mut self, child: &Child) -> Result<Self::Value, Self::Abrupt> {
        self.execute(child.node())
    }

    /// `constant v` → `v`. A constant held by a node; in compiled code an immediate.
    fn constant(&mut self, v: Value) -> Self::Value;
    /// `int_constant i` → unboxed `i`.
    fn int_constant(&mut self, v: i64) -> Self::Int;
    /// `bool_constant b` → unboxed `b`.
    fn bool_constant(&mut self, v: bool) -> Self::Bool;
    /// `box_int i` → `Value::Int(i)`.
    fn box_int(&mut self, v: Self::Int) -> Self::Value;
    /// `box_bool b` → `Value::from_bool(b)`.
    fn box_bool(&mut self, v: Self::Bool) -> Self::Value;
    /// `has_tag v, tag` → whether `v`'s tag is `tag` (a type test; compiled: one compare).
    fn has_tag(&mut self, v: Self::Value, tag: Tag) -> Self::Bool;
    /// `unbox_int v` → the i64 payload. Only meaningful after `has_tag(v, Int)` held.
    fn unbox_int(&mut self, v: Self::Value) -> Self::Int;
    /// `unbox_bool v` → the boolean payload. Only meaningful after `has_tag(v, Bool)` held.
    fn unbox_bool(&mut self, v: Self::Value) -> Self::Bool;
    /// `same a, b` → identity: equal tags and equal payload words.
    fn same(&mut self, a: Self::Value, b: Self::Value) -> Self::Bool;
    /// `int_op_checked op, a, b` → `(result, overflowed)`; `result` is the wrapped value when
    /// `overflowed` is true.
    fn int_op_checked(&mut self, op: IntOp, a: Self::Int, b: Self::Int) -> (Self::Int, Self::Bool);
    /// `int_compare cmp, a, b` → signed comparison.
    fn int_compare(&mut self, cmp: IntCmp, a: Self::Int, b: Self::Int) -> Self::Bool;
    /// `float_constant f` → unboxed `f`.
    fn float_constant(&mut self, v: f64) -> Self::Float;
    /// `box_double f` → `Value::from_f64(f)`.
    fn box_double(&mut self, v: Self::Float) -> Self::Value;
    /// `unbox_double v` → the f64 payload. Only meaningful after `has_tag(v, Double)` held.
    fn unbox_double(&mut self, v: Self::Value) -> Self::Float;
    /// `float_op op, a, b` → the IEEE result (compiled: one instruction, in registers).
    fn float_op(&mut self, op: FloatOp, a: Self::Float, b: Self::Float) -> Self::Float;
    /// `float_compare cmp, a, b` → the IEEE comparison.
    fn float_compare(&mut self, cmp: FloatCmp, a: Self::Float, b: Self::Float) -> Self::Bool;
    /// `int_to_float i` → the double nearest to `i` (round to nearest even).
    fn int_to_float(&mut self, i: Self::Int) -> Self::Float;
    /// `not b` → `!b`.
    fn not(&mut self, b: Self::Bool) -> Self::Bool;
    /// `and a, b` → `a && b` (both evaluated: no control flow).
    fn and(&mut self, a: Self::Bool, b: Self::Bool) -> Self::Bool;
    /// `or a, b` → `a || b` (both evaluated: no control flow).
    fn or(&mut self, a: Self::Bool, b: Self::Bool) -> Self::Bool;

    /// `guard cond`: continue only if `cond` holds. Interpreter: `Err(Miss::Guard)` when it
    /// does not. Compiled: a branch to the current speculation's fallback, which runs the
    /// node's slow path out of line with the operands already computed.
    fn guard(&mut self, cond: Self::Bool) -> Result<(), Miss<Self::Abrupt>>;

    /// Records `value` on `profile` for a side of a `choose` that compiled code took without
    /// recording it (it replays the path to a `transfer_to_interpreter` inside that side, see
    /// [`speculate_never_taken`]): only the resume domain records; the interpreter recorded
    /// the side in its `choose`, and the analysis domains (liveness) must not record at all.
    fn record_replayed_side(&mut self, profile: &ConditionProfile, value: bool) {
        let _ = (profile, value);
    }

    /// `transfer_to_interpreter reason, slow` → `slow`'s result: the end of what compiled code
    /// speculates on. Interpreter: runs `slow`. Compiled: *deoptimizes* — leaves the compiled
    /// code and continues the activation in the interpreter at this point, where `slow` runs
    /// (see [`resume`]); nothing after it is compiled on this path, so code after a
    /// speculation never merges with a generic result. `reason` describes the failed
    /// speculation for traces (evaluated only when compiling). Typical `slow`: an inline
    /// cache's miss, which adds an entry and rewrites the node.
    fn transfer_to_interpreter(
        &mut self,
        reason: &dyn Fn() -> String,
        slow: impl FnOnce(&mut Self) -> Result<Self::Value, Self::Abrupt>,
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `dispatch_cached entries, profile, guard, hit, miss` → `hit(e)` for the first `e` of an
    /// inline cache's valid `entries` (in order) whose `guard(e)` holds, or `miss()` when none
    /// does: the dispatch chain of [`crate::inline_cache::InlineCache`]. Each guard is a
    /// `choose` profiled on `profile`, the rest of the chain on its false side. Default: that
    /// chain of nested `choose`s ([`CacheEntries::chain`]; compiled, a guard on a constant per
    /// entry). The interpreter runs the same guards and profile updates in a loop over the
    /// entries in place.
    #[inline]
    fn dispatch_cached<E, G, H, M>(
        &mut self,
        entries: CacheEntries<'_, E>,
        profile: &ConditionProfile,
        guard: &G,
        hit: &mut H,
        miss: &mut M,
    ) -> Result<Self::Value, Self::Abrupt>
    where
        E: CacheEntry,
        G: Fn(&mut Self, &E) -> Self::Bool,
        H: FnMut(&mut Self, E) -> Result<Self::Value, Self::Abrupt>,
        M: FnMut(&mut Self) -> Result<Self::Value, Self::Abrupt>,
    {
        entries.chain(self, profile, guard, hit, miss)
    }

    /// Runs a specializing node's active specializations on `operands`, in order; when none
    /// applies, its slow path (specialize-and-execute, a boundary) picks a new state. See
    /// [`crate::specialization`].
    fn specialized<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [Self::Value; A],
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `if cond then else`: runs one of two statement bodies. `profile` records the outcome
    /// in the interpreter; compiled code lays out a never-taken side as cold.
    fn if_then_else(
        &mut self,
        cond: Self::Bool,
        profile: &ConditionProfile,
        then_branch: impl FnMut(&mut Self) -> Result<(), Self::Abrupt>,
        else_branch: impl FnMut(&mut Self) -> Result<(), Self::Abrupt>,
    ) -> Result<(), Self::Abrupt>;

    /// `choose cond then else` → the value of the branch taken (an expression-level `if`).
    fn choose(
        &mut self,
        cond: Self::Bool,
        profile: &ConditionProfile,
        then_branch: impl FnMut(&mut Self) -> Result<Self::Value, Self::Abrupt>,
        else_branch: impl FnMut(&mut Self) -> Result<Self::Value, Self::Abrupt>,
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `repeat cond body`: a loop; `body` may `break_loop`/`continue_loop`. The interpreter
    /// counts back edges on `osr` and, past the engine's threshold, runs the loop node
    /// `loop_node` (the caller itself) compiled by on-stack replacement.
    fn repeat(
        &mut self,
        loop_node: &dyn Node,
        osr: &OsrPoint,
        cond: impl FnMut(&mut Self) -> Result<Self::Bool, Self::Abrupt>,
        body: impl FnMut(&mut Self) -> Result<(), Self::Abrupt>,
    ) -> Result<(), Self::Abrupt>;

    /// Leaves the innermost `repeat`.
    fn break_loop(&mut self) -> Result<(), Self::Abrupt>;
    /// Starts the next iteration of the innermost `repeat`.
    fn continue_loop(&mut self) -> Result<(), Self::Abrupt>;
    /// Returns `v` from the innermost `catch_return` (the function body).
    fn return_value(&mut self, v: Self::Value) -> Result<(), Self::Abrupt>;
    /// Runs `body`; a `return_value` inside it ends it with that value.
    fn catch_return(
        &mut self,
        body: impl FnMut(&mut Self) -> Result<Self::Value, Self::Abrupt>,
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `transfer target, value`: a non-local control transfer. Every activation up to the
    /// innermost one running [`Domain::catch_transfer`] on the same `target` (compared with
    /// [`Value::same`]) is left, and that `catch_transfer` completes with `value` — SOM's `^`
    /// inside a block, whose target identifies its home method's activation (Truffle's
    /// `ControlFlowException`). Always abrupt; in between it unwinds like a guest error (of
    /// kind [`crate::error::ErrorKind::Transfer`]), through calls and compiled code alike. A
    /// transfer nothing catches reaches the host as an internal error: a language checks that
    /// its target activation is still running before it transfers (SOM's `escapedBlock:`).
    /// `node` is the node that transfers (a boundary of it makes the transfer).
    fn transfer<N: ?Sized + 'static>(
        &mut self,
        node: &N,
        target: Self::Value,
        value: Self::Value,
    ) -> Result<Self::Value, Self::Abrupt> {
        let start = |_: &N, interp: &mut Interp<'_>, v: &[Value]| Err(interp.ctx.start_transfer(v[0], v[1]));
        self.boundary(node, start, &[target, value])
    }

    /// Runs `body`; a [`Domain::transfer`] to `target` that unwinds out of it ends it with the
    /// transfer's value. Anything else — a value, an error, a transfer to another target —
    /// is `body`'s own completion.
    fn catch_transfer(
        &mut self,
        target: Self::Value,
        body: impl FnMut(&mut Self) -> Result<Self::Value, Self::Abrupt>,
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `read_local slot` → the slot's value (`Null` before the first write).
    fn read_local(&mut self, slot: FrameSlot) -> Self::Value;
    /// `write_local slot, v`.
    fn write_local(&mut self, slot: FrameSlot, v: Self::Value);
    /// `write_local slot, v` by a node that keeps the kinds it writes in `profile` (see
    /// [`SlotKindProfile`](crate::frame::SlotKindProfile)): the interpreter profiles the write
    /// on the node instead of the frame descriptor. Default: [`Domain::write_local`].
    #[inline(always)]
    fn write_local_profiled(
        &mut self,
        slot: FrameSlot,
        v: Self::Value,
        profile: &crate::frame::SlotKindProfile,
    ) {
        let _ = profile;
        self.write_local(slot, v);
    }
    /// `argument i` → the i-th (0-based) argument of the current call, `Null` if missing.
    fn argument(&mut self, index: usize) -> Self::Value;

    /// `shape_of obj` → the shape of object `obj` as a word (compare with
    /// `int_constant(shape.bits())`). Only meaningful after `has_tag(obj, Object)` held.
    fn shape_of(&mut self, object: Self::Value) -> Self::Int;
    /// `load_slot obj, location` → the value at `location` of object `obj`. Only meaningful
    /// when `obj`'s shape has a property at `location` (after a shape check). Compiled: one
    /// load at a constant offset (two for extension slots).
    fn load_slot(&mut self, object: Self::Value, location: Location) -> Self::Value;
    /// `store_slot obj, location, v`. Only meaningful when the slot exists: an inline slot, or an
    /// extension slot of a property `obj`'s shape has.
    fn store_slot(&mut self, object: Self::Value, location: Location, v: Self::Value);
    /// `set_shape obj, shape`: after a cached shape transition (the new property's value stored).
    fn set_shape(&mut self, object: Self::Value, shape: ShapeRef);
    /// `new_object shape` → a new [`DynamicObject`](crate::object::DynamicObject) of shape
    /// `shape`, every slot `Null`, as an `Object` value. May collect. Compiled: the heap's
    /// allocation fast path inline ([`crate::heap::AllocationFastPath`]: bump pointer, object
    /// image, VO bit) and the allocation out of line when the allocation buffer is used up.
    fn new_object(&mut self, shape: ShapeRef) -> Self::Value;
    /// `element_count obj` → the number of elements of object `obj` (its elements are indices
    /// `0..count`; see [`crate::object`]). Only meaningful after `has_tag(obj, Object)` held.
    /// Compiled: one load.
    fn element_count(&mut self, object: Self::Value) -> Self::Int;
    /// `load_element obj, i` → element `i` of object `obj`. Only meaningful when
    /// `0 <= i < element_count(obj)` held (e.g. `int_compare(ULt, i, count)`). Compiled: two
    /// loads (the elements array, then the value).
    fn load_element(&mut self, object: Self::Value, index: Self::Int) -> Self::Value;
    /// `store_element obj, i, v`: stores element `i` of object `obj`. Only meaningful when
    /// `0 <= i < element_capacity(obj)` held; storing at `element_count(obj)` and then raising
    /// the count by one (`set_element_count`) is an append in place.
    fn store_element(&mut self, object: Self::Value, index: Self::Int, v: Self::Value);
    /// `element_capacity obj` → the number of elements `obj` can hold before its elements array
    /// must grow (which only the runtime does, out of line). Only meaningful after
    /// `has_tag(obj, Object)` held. Compiled: two loads.
    fn element_capacity(&mut self, object: Self::Value) -> Self::Int;
    /// `extension_capacity obj` → the number of extension slots (properties past the inline
    /// slots) `obj`'s extension array holds, 0 without one: a property at location `i` can be
    /// added by `store_slot` and `set_shape` in place when `i - INLINE_SLOTS` is below it (the
    /// runtime grows the array out of line). Only meaningful after a fast-mode shape check
    /// held. Compiled: a load, and a second one when the array exists.
    fn extension_capacity(&mut self, object: Self::Value) -> Self::Int;
    /// `set_element_count obj, n`: makes elements `0..n` of `obj` in use. Only meaningful when
    /// `n <= element_capacity(obj)` and every element below `n` was stored. Compiled: one store.
    fn set_element_count(&mut self, object: Self::Value, count: Self::Int);

    /// `call_function f, args` → the result of calling `f`'s current call target. Compiled:
    /// loads the target from `f` (so redefinition is seen) and calls its installed machine
    /// code directly, or enters the interpreter when it has none.
    fn call_function(
        &mut self,
        function: FunctionRef,
        args: &[Self::Value],
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `call_function_value f, args` → like `call_function`, for a function value known only
    /// at run time: an indirect call. Only meaningful after `has_tag(f, Function)` held.
    fn call_function_value(
        &mut self,
        function: Self::Value,
        args: &[Self::Value],
    ) -> Result<Self::Value, Self::Abrupt>;

    /// `boundary node, f, args` → `f(node, args)`: calls Rust code out of line with concrete
    /// values. `node` is the node making the call (compiled code keeps a pointer to it, so it
    /// must belong to the tree being executed, which outlives its code); `f` may borrow
    /// nothing else, hence `'static` — anything else it needs it reads from `node` or captures
    /// by value.
    fn boundary<N, F>(&mut self, node: &N, f: F, args: &[Self::Value]) -> Result<Self::Value, Self::Abrupt>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'static;
}

/// The false side of a `choose` profiled on `profile`: `slow`'s result. While the profile has
/// never seen the false side, compiled code does not contain `slow`: it leaves for the
/// interpreter there (`transfer_to_interpreter`, reason `reason`), which records the side on
/// `profile` and runs `slow`, so that the recompiled code contains it. Code after the `choose`
/// then never merges with `slow`'s generic result (as Truffle's
/// `transferToInterpreterAndInvalidate` in a branch its profile never saw). The interpreter,
/// whose `choose` has recorded the side already, runs `slow`.
pub fn speculate_never_taken<D: Domain + ?Sized>(
    d: &mut D,
    profile: &ConditionProfile,
    reason: &'static str,
    slow: impl FnOnce(&mut D) -> Result<D::Value, D::Abrupt>,
) -> Result<D::Value, D::Abrupt> {
    if profile.false_count() > 0 {
        return slow(d);
    }
    d.transfer_to_interpreter(&|| reason.to_string(), |d| {
        d.record_replayed_side(profile, false);
        slow(d)
    })
}

/// `choose cond, profile, then, slow` whose false side is speculated never taken while
/// `profile` has not seen it ([`speculate_never_taken`] on the same profile): the common shape
/// of a fast path guarded by a condition that is true in every run so far (no overflow, a
/// small Integer operand).
pub fn choose_speculating<D: Domain + ?Sized>(
    d: &mut D,
    cond: D::Bool,
    profile: &ConditionProfile,
    reason: &'static str,
    then: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
    mut slow: impl FnMut(&mut D) -> Result<D::Value, D::Abrupt>,
) -> Result<D::Value, D::Abrupt> {
    d.choose(cond, profile, then, |d| speculate_never_taken(d, profile, reason, &mut slow))
}

/// `expect_tag v, tag` → `v`, after checking that its tag is `tag`; otherwise
/// `mismatch(node, v)` — the language's error (or its generic path) — runs out of line as a
/// boundary of `node` and its result replaces `v`. `profile` records the outcome, so compiled
/// code lays out a mismatch that never happened as cold. The common shape of a type check
/// with a guest error, e.g. "a condition must be a Boolean".
pub fn expect_tag<D, N, F>(
    d: &mut D,
    node: &N,
    v: D::Value,
    tag: Tag,
    profile: &ConditionProfile,
    mismatch: F,
) -> Result<D::Value, D::Abrupt>
where
    D: Domain + ?Sized,
    N: ?Sized,
    F: Fn(&N, Value) -> Result<Value, GuestError> + Copy + 'static,
{
    let ok = d.has_tag(v, tag);
    d.choose(
        ok,
        profile,
        |_| Ok(v),
        |d| d.boundary(node, move |n: &N, _: &mut Interp<'_>, vals: &[Value]| mismatch(n, vals[0]), &[v]),
    )
}
