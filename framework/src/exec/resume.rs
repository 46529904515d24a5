//! Deoptimization: the *resume* instance of the execution domain, which continues a compiled
//! activation in the interpreter at the point where its code gave up.
//!
//! Compiled code is the partial evaluation of the nodes' generic `execute` over their state.
//! When a speculation fails (a specialization's guards, an inline cache's entries), the code
//! does not merge a generic slow-path result back into its fast path: it *transfers to the
//! interpreter* ([`Domain::transfer_to_interpreter`]) and everything after a guard is
//! compiled with what the guard established. Continuing the activation needs the state the
//! interpreter would have at that point: its frame (the slots, kept in memory by compiled
//! code at every call and written at the transfer), and the Rust stack of `execute` calls
//! in progress — which node of the tree was running, inside which branch of which loop,
//! holding which values already computed.
//!
//! The second part cannot be read from compiled code: it is rebuilt by *replay*. While
//! partially evaluating, the compiler keeps the path of domain operations that leads from the
//! root to the current point (completed children collapsed into their values, closed branches
//! dropped); each transfer point records that path with the SSA values it produced. The
//! [`Resume`] domain then runs the same generic `execute` of the root again, fed from the
//! record ([`Step`]s): a child that completed returns its recorded value without running, a
//! branch takes the recorded side, a loop re-enters the recorded iteration, an operation that
//! observes memory (`read_local`, `load_slot`, a call, a boundary) returns its recorded result
//! and an effect (`write_local`, `store_slot`) is skipped, as it already happened. Pure
//! operations (arithmetic, tag tests, boxing) are simply recomputed from replayed operands.
//! At the recorded transfer point the domain goes *live*: from there on it forwards every
//! operation to the interpreter ([`Interp`]) and children run in the interpreter proper, so
//! only the nodes on the path pay for the replay. Inlined callees are frames of their own:
//! replaying the call that inlined them resumes them as an interpreter call
//! ([`CallTarget::resume_call`]).
//!
//! This is the third instance of the one node definition (invariant 2): the interpreter, the
//! compiled code and the resumption all come from the same `execute`. The replay relies on
//! the tree's state being what it was when the code was compiled; a rewrite made meanwhile
//! by a re-entrant activation of the same tree can make the replay meet an operation other
//! than the recorded one, which ends the activation with an internal error naming the
//! operation rather than continuing wrongly.

use super::{Control, Domain, FloatCmp, FloatOp, IntCmp, IntOp, Interp, Miss, Unwind};
use crate::call::CallTarget;
use crate::error::GuestError;
use crate::frame::FrameSlot;
use crate::function::FunctionRef;
use crate::heap::RootedBuffer;
use crate::node::Node;
use crate::object::{Location, ShapeRef};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::specialization::{self, Specialize};
use crate::value::{Tag, Value};

/// One recorded step of the path from a frame's root to the transfer point, in the order the
/// compiler met the operations. Operations without a step are recomputed (pure) or skipped
/// (effects).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The result of an operation that completed: a child's value, a read of memory, a call,
    /// a boundary, a `choose` or `catch_return` (an index into [`DeoptRecord`]'s values).
    Value(u32),
    /// The result of an operation returning a word: `shape_of`, `element_count`,
    /// `element_capacity`, `extension_capacity`.
    Int(i64),
    /// `execute`: the child the path goes through; replay continues inside it.
    Node,
    /// `if_then_else` or `choose`: inside the `then` (true) or `else` side.
    Branch(bool),
    /// `repeat`: inside the condition of the current iteration.
    LoopCondition,
    /// `repeat`: inside the body of the current iteration.
    LoopBody,
    /// `catch_return`: inside its body.
    Region,
    /// `specialized`: inside the body of the node's `i`-th specialization.
    Specialization(u8),
    /// `call_function`: inside the inlined callee, the record's next frame.
    Call,
    /// `if_then_else` or `repeat` that completed.
    Done,
    /// The transfer point: this operation, and everything after it, runs live.
    Transfer,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::Value(_) => "a value",
            Step::Int(_) => "a word",
            Step::Node => "a child",
            Step::Branch(_) => "a branch",
            Step::LoopCondition | Step::LoopBody => "a loop",
            Step::Region => "a return region",
            Step::Specialization(_) => "a specialization",
            Step::Call => "an inlined call",
            Step::Done => "a completed statement",
            Step::Transfer => "the transfer point",
        }
    }
}

/// The interpreter state of one frame at a transfer point.
pub struct FrameRecord {
    /// The call target of the frame.
    pub target: &'static CallTarget,
    /// Slot values (meaningful where `assigned` has the slot's bit) and assigned words, as in
    /// [`Frame`](crate::frame::Frame); empty for a frame that is the interpreter's own (OSR).
    pub slots: std::ops::Range<u32>,
    /// The frame's assigned words (see `slots`).
    pub assigned: Vec<u64>,
    /// The path from the frame's root to the transfer point (an inlined frame's arguments are
    /// the ones its caller's replay passes to the call).
    pub steps: Vec<Step>,
}

/// Everything a transfer to the interpreter hands over: the frames of the compiled
/// activation and its inlined callees (outermost first), each with its path, and why.
/// The values live in a root range, so the collector sees them until the resumption ends.
pub struct DeoptRecord {
    /// The frames, outermost first.
    pub frames: Vec<FrameRecord>,
    /// The values the frames' slots and paths refer to, kept visible to the collector.
    pub values: RootedBuffer<Value>,
    /// What failed, for traces: the node and the speculation (e.g. `AddNode: Long`).
    pub reason: String,
}

impl std::fmt::Debug for DeoptRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeoptRecord({}, {} frames)", self.reason, self.frames.len())
    }
}

impl DeoptRecord {
    fn values(&self, range: &std::ops::Range<u32>) -> &[Value] {
        &self.values[range.start as usize..range.end as usize]
    }

    /// Runs the rest of the outermost frame (a compiled root unit's activation, whose call
    /// was entered by the unit's caller) in the interpreter, on `args`: materializes its
    /// frame, replays its path and continues live. Returns the activation's result.
    pub fn resume_root(
        &self,
        ctx: &crate::context::ExecContext,
        args: &[Value],
    ) -> Result<Value, GuestError> {
        resume_frame(ctx, self, 0, args)
    }
}

/// Materializes frame `index` of `record` and runs its root to the end, replaying the path.
pub(crate) fn resume_frame(
    ctx: &crate::context::ExecContext,
    record: &DeoptRecord,
    index: usize,
    args: &[Value],
) -> Result<Value, GuestError> {
    let fr = &record.frames[index];
    let target = fr.target;
    crate::frame::Frame::run(target.frame_descriptor(), args, |frame| {
        // A shorter-lived frame (`Frame` is covariant), which the interpreter borrows.
        let mut frame = frame;
        let slots = record.values(&fr.slots);
        for (i, v) in slots.iter().enumerate() {
            if fr.assigned.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0) {
                frame.set(i, *v);
            }
        }
        let mut interp = Interp::new(ctx, target, &mut frame);
        // SAFETY: `interp` stays in this scope, in place, until `linked` is dropped.
        let linked = unsafe { interp.link() };
        let mut resume = Resume::new(&mut interp, record, index);
        let result = resume.execute(target.body());
        let result = resume.finish(result);
        let result = interp.complete(result);
        drop(linked);
        result
    })
}

/// The resume domain: replays frame `frame` of a [`DeoptRecord`] over an interpreter, then
/// forwards to it (see the module documentation).
pub struct Resume<'r, 'a> {
    pub(crate) interp: &'r mut Interp<'a>,
    record: &'r DeoptRecord,
    frame: usize,
    /// The next step of the frame's path; at or past its end the domain is live.
    pos: usize,
    /// The first operation that met a step it did not expect.
    diverged: Option<String>,
    /// Resuming an OSR unit's loop: its first `repeat` is that loop, whose replayed iteration
    /// hands back to the interpreter's loop instead of looping here (see `iteration_continues`).
    osr_loop: bool,
    /// The OSR loop's replayed iteration ended and the loop goes on.
    iteration_continues: bool,
}

impl<'r, 'a> Resume<'r, 'a> {
    /// Replays frame `frame` of `record` over `interp` (whose frame is already materialized).
    pub fn new(interp: &'r mut Interp<'a>, record: &'r DeoptRecord, frame: usize) -> Resume<'r, 'a> {
        Resume { interp, record, frame, pos: 0, diverged: None, osr_loop: false, iteration_continues: false }
    }

    /// Replays an OSR unit's record (frame 0 is `interp`'s own) from its loop node: the
    /// replayed iteration ends the resumption, and [`Resume::iteration_continues`] says
    /// whether the interpreter's loop goes on. So a loop whose compiled code keeps
    /// deoptimizing does not nest a resumption per deoptimization.
    pub fn osr(interp: &'r mut Interp<'a>, record: &'r DeoptRecord) -> Resume<'r, 'a> {
        Resume { osr_loop: true, ..Resume::new(interp, record, 0) }
    }

    /// After [`Resume::osr`]: whether the replayed iteration ended with the loop going on.
    pub fn iteration_continues(&self) -> bool {
        self.iteration_continues
    }

    /// Whether the replay is over.
    #[inline]
    pub fn is_live(&self) -> bool {
        self.pos >= self.record.frames[self.frame].steps.len()
    }

    /// The next step, or `None` when live. A [`Step::Transfer`] is returned once, and the
    /// domain is live after it.
    #[inline]
    fn step(&mut self) -> Option<Step> {
        let steps = &self.record.frames[self.frame].steps;
        let s = steps.get(self.pos).copied()?;
        self.pos += 1;
        if s == Step::Transfer {
            self.pos = steps.len();
        }
        Some(s)
    }

    fn value(&self, index: u32) -> Value {
        self.record.values.get(index as usize).copied().unwrap_or(Value::Null)
    }

    /// Records that `operation` met `step`; the activation ends with an internal error at
    /// the next operation that can fail.
    fn mismatch(&mut self, operation: &str, step: Step) {
        if self.diverged.is_none() {
            self.diverged = Some(format!(
                "internal error: deoptimization replay of {} met {operation} where it recorded {}",
                self.record.frames[self.frame].target.name(),
                step.name()
            ));
        }
        self.pos = self.record.frames[self.frame].steps.len();
    }

    fn diverged(&mut self) -> Option<Unwind> {
        let m = self.diverged.take()?;
        Some(self.interp.throw(GuestError::new(m)))
    }

    /// [`Resume::mismatch`] for an operation that can fail: the error, at once.
    fn diverge(&mut self, operation: &str, step: Step) -> Unwind {
        self.mismatch(operation, step);
        match self.diverged() {
            Some(u) => u,
            None => self.interp.throw(GuestError::new("internal error: deoptimization replay diverged")),
        }
    }

    /// A call on `args`: `live` when live; its recorded result; or, where compiled code inlined
    /// it (a `Call` step), the callee resumed from the record's next frame.
    fn call(
        &mut self,
        args: &[Value],
        live: impl FnOnce(&mut Interp<'a>) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Transfer) => live(self.interp),
            Some(Step::Value(i)) => Ok(self.value(i)),
            Some(Step::Call) => self.resume_inlined_call(args),
            Some(s) => Err(self.diverge("a call", s)),
        }
    }

    /// A call the path recorded as inlined (its `Call` step, just read): the callee resumes
    /// from the record's next frame, on `args`.
    fn resume_inlined_call(&mut self, args: &[Value]) -> Result<Value, Unwind> {
        let callee = self.frame + 1;
        match self.record.frames.get(callee) {
            Some(fr) => {
                let result = fr.target.resume_call(self.interp.ctx, self.record, callee, args);
                result.map_err(|e| self.interp.throw(e))
            }
            None => Err(self.diverge("an inlined call without its frame", Step::Call)),
        }
    }

    /// The activation's result, or the divergence met while producing it.
    pub fn finish(&mut self, result: Result<Value, Unwind>) -> Result<Value, Unwind> {
        match self.diverged() {
            Some(e) => Err(e),
            None => result,
        }
    }

    /// A recorded value for a value-producing operation; `live` when live.
    #[inline]
    fn observed(&mut self, operation: &str, live: impl FnOnce(&mut Interp<'a>) -> Value) -> Value {
        match self.step() {
            None | Some(Step::Transfer) => live(self.interp),
            Some(Step::Value(i)) => self.value(i),
            Some(s) => {
                self.mismatch(operation, s);
                Value::Null
            }
        }
    }

    #[inline]
    fn observed_word(&mut self, operation: &str, live: impl FnOnce(&mut Interp<'a>) -> i64) -> i64 {
        match self.step() {
            None | Some(Step::Transfer) => live(self.interp),
            Some(Step::Int(i)) => i,
            Some(s) => {
                self.mismatch(operation, s);
                0
            }
        }
    }

    /// An effect: skipped while replaying (it already happened), performed when live.
    #[inline]
    fn effect(&mut self, live: impl FnOnce(&mut Interp<'a>)) {
        if self.is_live() {
            live(self.interp);
        } else if self.record.frames[self.frame].steps.get(self.pos) == Some(&Step::Transfer) {
            self.pos = self.record.frames[self.frame].steps.len();
            live(self.interp);
        }
    }

    /// A fallible value-producing operation: a recorded value, or `live`.
    #[inline]
    fn completed(
        &mut self,
        operation: &str,
        live: impl FnOnce(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Transfer) => live(self),
            Some(Step::Value(i)) => Ok(self.value(i)),
            Some(s) => Err(self.diverge(operation, s)),
        }
    }

    /// The slow path of a specializing node, in the interpreter (live).
    pub(crate) fn slow_path<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [Value; A],
    ) -> Result<Value, Unwind> {
        self.pos = self.record.frames[self.frame].steps.len();
        specialization::specialize_and_execute(node, self.interp, operands)
    }
}

impl Domain for Resume<'_, '_> {
    type Value = Value;
    type Int = i64;
    type Float = f64;
    type Bool = bool;
    type Abrupt = Unwind;

    fn execute(&mut self, node: &dyn Node) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Transfer) => node.execute_interp(self.interp),
            Some(Step::Value(i)) => Ok(self.value(i)),
            Some(Step::Node) => node.execute_resume(self),
            Some(s) => Err(self.diverge("a child", s)),
        }
    }

    fn constant(&mut self, v: Value) -> Value {
        v
    }
    fn int_constant(&mut self, v: i64) -> i64 {
        v
    }
    fn bool_constant(&mut self, v: bool) -> bool {
        v
    }
    fn box_int(&mut self, v: i64) -> Value {
        Value::Int(v)
    }
    fn box_bool(&mut self, v: bool) -> Value {
        Value::from_bool(v)
    }
    fn has_tag(&mut self, v: Value, tag: Tag) -> bool {
        self.interp.has_tag(v, tag)
    }
    fn unbox_int(&mut self, v: Value) -> i64 {
        self.interp.unbox_int(v)
    }
    fn unbox_bool(&mut self, v: Value) -> bool {
        self.interp.unbox_bool(v)
    }
    fn same(&mut self, a: Value, b: Value) -> bool {
        a.same(&b)
    }
    fn int_op_checked(&mut self, op: IntOp, a: i64, b: i64) -> (i64, bool) {
        self.interp.int_op_checked(op, a, b)
    }
    fn int_compare(&mut self, cmp: IntCmp, a: i64, b: i64) -> bool {
        self.interp.int_compare(cmp, a, b)
    }
    fn float_constant(&mut self, v: f64) -> f64 {
        v
    }
    fn box_double(&mut self, v: f64) -> Value {
        Value::from_f64(v)
    }
    fn unbox_double(&mut self, v: Value) -> f64 {
        self.interp.unbox_double(v)
    }
    fn float_op(&mut self, op: FloatOp, a: f64, b: f64) -> f64 {
        op.apply(a, b)
    }
    fn float_compare(&mut self, cmp: FloatCmp, a: f64, b: f64) -> bool {
        cmp.holds(a, b)
    }
    fn int_to_float(&mut self, i: i64) -> f64 {
        i as f64
    }
    fn not(&mut self, b: bool) -> bool {
        !b
    }
    fn and(&mut self, a: bool, b: bool) -> bool {
        a & b
    }
    fn or(&mut self, a: bool, b: bool) -> bool {
        a | b
    }

    fn guard(&mut self, cond: bool) -> Result<(), Miss<Unwind>> {
        // While replaying, the guards on the path are the ones that held.
        if self.is_live() && !cond {
            Err(Miss::Guard)
        } else {
            Ok(())
        }
    }

    fn specialized<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [Value; A],
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Transfer) => specialization::interpret(node, self.interp, operands),
            Some(Step::Value(i)) => Ok(self.value(i)),
            Some(Step::Specialization(i)) => specialization::resume_at(node, self, operands, i as usize),
            Some(s) => Err(self.diverge("a specialized node", s)),
        }
    }

    fn transfer_to_interpreter(
        &mut self,
        _reason: &dyn Fn() -> String,
        slow: impl FnOnce(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        self.completed("a transfer to the interpreter", slow)
    }

    fn record_replayed_side(&mut self, profile: &ConditionProfile, value: bool) {
        profile.profile(value);
    }

    fn if_then_else(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
    ) -> Result<(), Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        let taken = match self.step() {
            None | Some(Step::Transfer) => profile.profile(cond),
            Some(Step::Branch(b)) => b,
            Some(Step::Done) => return Ok(()),
            Some(s) => return Err(self.diverge("a branch", s)),
        };
        if taken {
            then_branch(self)
        } else {
            else_branch(self)
        }
    }

    fn choose(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        let taken = match self.step() {
            None | Some(Step::Transfer) => profile.profile(cond),
            Some(Step::Branch(b)) => b,
            Some(Step::Value(i)) => return Ok(self.value(i)),
            Some(s) => return Err(self.diverge("a choice", s)),
        };
        if taken {
            then_branch(self)
        } else {
            else_branch(self)
        }
    }

    fn repeat(
        &mut self,
        loop_node: &dyn Node,
        osr: &OsrPoint,
        mut cond: impl FnMut(&mut Self) -> Result<bool, Unwind>,
        mut body: impl FnMut(&mut Self) -> Result<(), Unwind>,
    ) -> Result<(), Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        // The first loop an OSR resumption meets is the unit's loop.
        let osr_root = std::mem::take(&mut self.osr_loop);
        match self.step() {
            None | Some(Step::Transfer) => {}
            Some(Step::Done) => return Ok(()),
            Some(Step::LoopCondition) => {
                if !cond(self)? {
                    return Ok(());
                }
                let r = body(self);
                if !self.interp.loop_goes_on(r)? {
                    return Ok(());
                }
                osr.count_back_edge();
            }
            Some(Step::LoopBody) => {
                let r = body(self);
                if !self.interp.loop_goes_on(r)? {
                    return Ok(());
                }
                osr.count_back_edge();
            }
            Some(s) => return Err(self.diverge("a loop", s)),
        }
        if osr_root {
            // The OSR loop's iteration is done (or, left at its entry, not begun): the
            // interpreter's loop goes on.
            self.iteration_continues = true;
            return Ok(());
        }
        super::interp::interpret_loop(self, |d| &mut *d.interp, loop_node, osr, &mut cond, &mut body)
    }

    fn break_loop(&mut self) -> Result<(), Unwind> {
        self.interp.break_loop()
    }
    fn continue_loop(&mut self) -> Result<(), Unwind> {
        self.interp.continue_loop()
    }
    fn return_value(&mut self, v: Value) -> Result<(), Unwind> {
        self.interp.return_value(v)
    }

    /// A path that ends at the catch (compiled code left because a transfer to it arrived,
    /// pending in the context) completes it with the transfer's value; a path into its body
    /// replays the body, which catches as the interpreter's does.
    fn catch_transfer(
        &mut self,
        target: Value,
        mut body: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Region) => {}
            Some(Step::Transfer) => {
                return match self.interp.ctx.take_pending_transfer(target) {
                    Some(v) => Ok(v),
                    None => Err(self.diverge("a caught transfer without its transfer", Step::Transfer)),
                };
            }
            Some(Step::Value(i)) => return Ok(self.value(i)),
            Some(s) => return Err(self.diverge("a transfer region", s)),
        }
        match body(self) {
            Err(u) => match self.interp.control {
                Control::Error => self.interp.ctx.take_pending_transfer(target).ok_or(u),
                _ => Err(u),
            },
            ok => ok,
        }
    }

    fn catch_return(
        &mut self,
        mut body: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if let Some(e) = self.diverged() {
            return Err(e);
        }
        match self.step() {
            None | Some(Step::Transfer) | Some(Step::Region) => {}
            Some(Step::Value(i)) => return Ok(self.value(i)),
            Some(s) => return Err(self.diverge("a return region", s)),
        }
        match body(self) {
            Err(u) => match self.interp.control {
                Control::Return(v) => Ok(v),
                Control::Break | Control::Continue | Control::Error => Err(u),
            },
            ok => ok,
        }
    }

    fn read_local(&mut self, slot: FrameSlot) -> Value {
        self.observed("a local read", |i| i.read_local(slot))
    }
    fn write_local(&mut self, slot: FrameSlot, v: Value) {
        self.effect(|i| i.write_local(slot, v))
    }
    fn argument(&mut self, index: usize) -> Value {
        self.observed("an argument", |i| i.argument(index))
    }
    fn shape_of(&mut self, object: Value) -> i64 {
        self.observed_word("a shape load", |i| i.shape_of(object))
    }
    fn load_slot(&mut self, object: Value, location: Location) -> Value {
        self.observed("a slot load", |i| i.load_slot(object, location))
    }
    fn store_slot(&mut self, object: Value, location: Location, v: Value) {
        self.effect(|i| i.store_slot(object, location, v))
    }
    fn set_shape(&mut self, object: Value, shape: ShapeRef) {
        self.effect(|i| i.set_shape(object, shape))
    }
    fn new_object(&mut self, shape: ShapeRef) -> Value {
        self.observed("an allocation", |i| i.new_object(shape))
    }
    fn element_count(&mut self, object: Value) -> i64 {
        self.observed_word("an element count", |i| i.element_count(object))
    }
    fn load_element(&mut self, object: Value, index: i64) -> Value {
        self.observed("an element load", |i| i.load_element(object, index))
    }
    fn store_element(&mut self, object: Value, index: i64, v: Value) {
        self.effect(|i| i.store_element(object, index, v))
    }
    fn element_capacity(&mut self, object: Value) -> i64 {
        self.observed_word("an element capacity", |i| i.element_capacity(object))
    }
    fn extension_capacity(&mut self, object: Value) -> i64 {
        self.observed_word("an extension capacity", |i| i.extension_capacity(object))
    }
    fn set_element_count(&mut self, object: Value, count: i64) {
        self.effect(|i| i.set_element_count(object, count))
    }

    fn call_function(&mut self, function: FunctionRef, args: &[Value]) -> Result<Value, Unwind> {
        self.call(args, |i| i.call_function(function, args))
    }

    /// Compiled code inlines a call of a function value it knows (a constant, or a field of a
    /// virtual object that holds one) as `call_function`: the path then holds its inlined
    /// activation.
    fn call_function_value(&mut self, function: Value, args: &[Value]) -> Result<Value, Unwind> {
        self.call(args, |i| i.call_function_value(function, args))
    }

    fn boundary<N, F>(&mut self, node: &N, f: F, args: &[Value]) -> Result<Value, Unwind>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'static,
    {
        self.completed("a boundary", |d| f(node, d.interp, args).map_err(|e| d.interp.throw(e)))
    }
}
