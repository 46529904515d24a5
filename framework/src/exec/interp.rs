//! The interpreter instance of the execution domain.

use super::{Domain, IntCmp, IntOp, Miss};
use crate::call::{CallTarget, FunctionRef};
use crate::engine::Engine;
use crate::error::GuestError;
use crate::frame::{Activation, Frame, FrameInstance, FrameSlot};
use crate::node::Node;
use crate::object::{DynamicObject, Location, ShapeRef};
use crate::osr::{OsrExit, OsrPoint};
use crate::profile::ConditionProfile;
use crate::specialization::{self, Specialize};
use crate::value::{Tag, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Why interpreted execution of a node did not complete normally.
#[derive(Debug)]
pub enum Unwind {
    Break,
    Continue,
    Return(Value),
    Error(GuestError),
}

impl From<GuestError> for Unwind {
    fn from(e: GuestError) -> Unwind {
        Unwind::Error(e)
    }
}

/// Per-thread execution state shared by interpreted and compiled code: the call depth and
/// the error a compiled activation reports to its caller.
///
/// `#[repr(C)]`: compiled code reads and writes `depth` at [`ExecContext::DEPTH_OFFSET`] and
/// compares it with `max_depth` at [`ExecContext::MAX_DEPTH_OFFSET`].
#[repr(C)]
pub struct ExecContext {
    depth: Cell<u32>,
    max_depth: u32,
    /// The innermost linked activation record, null when none (see [`crate::frame`]).
    top: Cell<*const Activation>,
    pending_error: RefCell<Option<GuestError>>,
    engine: Rc<Engine>,
}

impl ExecContext {
    /// Byte offset of the current call depth (u32).
    pub const DEPTH_OFFSET: i32 = std::mem::offset_of!(ExecContext, depth) as i32;
    /// Byte offset of the call depth limit (u32).
    pub const MAX_DEPTH_OFFSET: i32 = std::mem::offset_of!(ExecContext, max_depth) as i32;
    /// Byte offset of the innermost activation record pointer.
    pub const TOP_OFFSET: i32 = std::mem::offset_of!(ExecContext, top) as i32;

    pub fn new(engine: Rc<Engine>) -> ExecContext {
        ExecContext {
            depth: Cell::new(0),
            max_depth: engine.options().max_call_depth,
            top: Cell::new(std::ptr::null()),
            pending_error: RefCell::new(None),
            engine,
        }
    }

    pub fn engine(&self) -> &Rc<Engine> {
        &self.engine
    }

    /// Enters a guest call: increments the depth, failing with a guest error past the limit.
    #[inline]
    pub fn enter(&self) -> Result<(), GuestError> {
        let d = self.depth.get() + 1;
        if d > self.max_depth {
            return Err(self.stack_overflow());
        }
        self.depth.set(d);
        Ok(())
    }

    /// Leaves a guest call entered with [`ExecContext::enter`].
    #[inline]
    pub fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// The innermost linked activation record (null when none).
    pub fn top_activation(&self) -> *const Activation {
        self.top.get()
    }

    /// Links `record` as the innermost activation. Callers keep the stack discipline: a record
    /// is linked only while its activation runs, and unlinked (its parent restored) before
    /// the activation ends (see [`Activation::with_linked`]).
    pub fn set_top_activation(&self, record: *const Activation) {
        self.top.set(record);
    }

    /// Links `record` as the innermost activation until the returned guard drops (which
    /// restores the record's parent).
    #[inline]
    pub fn link<'r>(&'r self, record: &'r Activation) -> Linked<'r> {
        self.top.set(record);
        Linked { ctx: self, parent: record.parent() }
    }

    /// Visits the active frames, innermost first, until `visit` returns `Some` (whose value
    /// is returned) or the frames of this run end. Modeled on Truffle's
    /// `TruffleRuntime.iterateFrames`; compiled activations are seen as of the call they are
    /// suspended in.
    pub fn iterate_frames<R>(
        &self,
        mut visit: impl for<'w> FnMut(&FrameInstance<'w>) -> Option<R>,
    ) -> Option<R> {
        let mut record = self.top.get();
        while !record.is_null() {
            // SAFETY: linked records belong to activations that are still running (stack
            // discipline of `set_top_activation`), and so outlive this walk.
            let frame = unsafe { FrameInstance::new(&*record) };
            if let Some(r) = visit(&frame) {
                return Some(r);
            }
            record = frame.parent();
        }
        None
    }

    /// Runs `f` as a separate run: frames of the activations active now are not visible to
    /// stack walks inside it (SL's `eval` and the launcher start such runs).
    pub fn detached<R>(&self, f: impl FnOnce() -> R) -> R {
        struct Restore<'c>(&'c ExecContext, *const Activation);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                self.0.top.set(self.1);
            }
        }
        let _restore = Restore(self, self.top.replace(std::ptr::null()));
        f()
    }

    /// The error for exceeding `max_call_depth` (unbounded guest recursion).
    pub fn stack_overflow(&self) -> GuestError {
        GuestError::limit(format!("Stack overflow: guest call depth exceeded {}", self.max_depth))
    }

    /// Stores the error a compiled activation is about to report by status code.
    pub fn set_pending_error(&self, e: GuestError) {
        *self.pending_error.borrow_mut() = Some(e);
    }

    /// Takes the error stored by [`ExecContext::set_pending_error`].
    pub fn take_pending_error(&self) -> GuestError {
        self.pending_error.borrow_mut().take().unwrap_or_else(|| {
            GuestError::new("internal error: compiled code reported an error it did not store")
        })
    }
}

/// An activation record's link into its context; unlinks on drop.
pub struct Linked<'r> {
    ctx: &'r ExecContext,
    parent: *const Activation,
}

impl Drop for Linked<'_> {
    #[inline]
    fn drop(&mut self) {
        self.ctx.top.set(self.parent);
    }
}

/// The interpreter: executes nodes on concrete values in a [`Frame`].
pub struct Interp<'a> {
    pub ctx: &'a ExecContext,
    pub target: &'static CallTarget,
    /// The activation's frame, owned by the caller of [`Interp::new`] (not moved into the
    /// interpreter: frames keep their slots inline and are large).
    pub frame: &'a mut Frame<'a>,
}

impl<'a> Interp<'a> {
    pub fn new(ctx: &'a ExecContext, target: &'static CallTarget, frame: &'a mut Frame<'a>) -> Interp<'a> {
        Interp { ctx, target, frame }
    }

    /// Records that a node of the current tree changed its specialization: the code
    /// compiled for the tree (or inlining it) no longer matches it and is invalidated. See
    /// [`CallTarget::report_rewrite`].
    pub fn report_rewrite(&self) {
        self.target.report_rewrite();
    }

    /// Calls `function` with concrete arguments (for boundaries that call back into guest code).
    pub fn call(&mut self, function: FunctionRef, args: &[Value]) -> Result<Value, GuestError> {
        function.call(self.ctx, args)
    }
}

impl Domain for Interp<'_> {
    type Value = Value;
    type Int = i64;
    type Bool = bool;
    type Abrupt = Unwind;

    #[inline]
    fn execute(&mut self, node: &dyn Node) -> Result<Value, Unwind> {
        node.execute_interp(self)
    }

    #[inline]
    fn constant(&mut self, v: Value) -> Value {
        v
    }

    #[inline]
    fn int_constant(&mut self, v: i64) -> i64 {
        v
    }

    #[inline]
    fn bool_constant(&mut self, v: bool) -> bool {
        v
    }

    #[inline]
    fn box_int(&mut self, v: i64) -> Value {
        Value::Int(v)
    }

    #[inline]
    fn box_bool(&mut self, v: bool) -> Value {
        Value::Bool(v)
    }

    #[inline]
    fn has_tag(&mut self, v: Value, tag: Tag) -> bool {
        v.tag() == tag
    }

    #[inline]
    fn unbox_int(&mut self, v: Value) -> i64 {
        match v {
            Value::Int(i) => i,
            _ => 0,
        }
    }

    #[inline]
    fn unbox_bool(&mut self, v: Value) -> bool {
        matches!(v, Value::Bool(true))
    }

    #[inline]
    fn same(&mut self, a: Value, b: Value) -> bool {
        a.same(&b)
    }

    #[inline]
    fn int_op_checked(&mut self, op: IntOp, a: i64, b: i64) -> (i64, bool) {
        match op {
            IntOp::Add => a.overflowing_add(b),
            IntOp::Sub => a.overflowing_sub(b),
            IntOp::Mul => a.overflowing_mul(b),
            IntOp::Div => match a.checked_div(b) {
                Some(q) => (q, false),
                None => (0, true),
            },
        }
    }

    #[inline]
    fn int_compare(&mut self, cmp: IntCmp, a: i64, b: i64) -> bool {
        match cmp {
            IntCmp::Eq => a == b,
            IntCmp::Ne => a != b,
            IntCmp::Lt => a < b,
            IntCmp::Le => a <= b,
            IntCmp::Gt => a > b,
            IntCmp::Ge => a >= b,
        }
    }

    #[inline]
    fn not(&mut self, b: bool) -> bool {
        !b
    }

    #[inline]
    fn and(&mut self, a: bool, b: bool) -> bool {
        a & b
    }

    #[inline]
    fn or(&mut self, a: bool, b: bool) -> bool {
        a | b
    }

    #[inline]
    fn guard(&mut self, cond: bool) -> Result<(), Miss<Unwind>> {
        if cond {
            Ok(())
        } else {
            Err(Miss::Guard)
        }
    }

    #[inline]
    fn specialized<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [Value; A],
    ) -> Result<Value, Unwind> {
        specialization::interpret(node, self, operands)
    }

    #[inline]
    fn if_then_else(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
    ) -> Result<(), Unwind> {
        if profile.profile(cond) {
            then_branch(self)
        } else {
            else_branch(self)
        }
    }

    #[inline]
    fn choose(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if profile.profile(cond) {
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
        let threshold = self.ctx.engine().osr_threshold();
        loop {
            if osr.is_hot_for(threshold) {
                // On-stack replacement: the rest of this loop runs compiled, on this frame.
                if let Some(exit) = osr.run_compiled(self, loop_node) {
                    return match exit.map_err(Unwind::Error)? {
                        OsrExit::Completed => Ok(()),
                        OsrExit::Returned(v) => Err(Unwind::Return(v)),
                    };
                }
            }
            if !cond(self)? {
                return Ok(());
            }
            match body(self) {
                Ok(()) | Err(Unwind::Continue) => {}
                Err(Unwind::Break) => return Ok(()),
                Err(e) => return Err(e),
            }
            osr.count_back_edge();
        }
    }

    #[inline]
    fn break_loop(&mut self) -> Result<(), Unwind> {
        Err(Unwind::Break)
    }

    #[inline]
    fn continue_loop(&mut self) -> Result<(), Unwind> {
        Err(Unwind::Continue)
    }

    #[inline]
    fn return_value(&mut self, v: Value) -> Result<(), Unwind> {
        Err(Unwind::Return(v))
    }

    #[inline]
    fn catch_return(
        &mut self,
        mut body: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        match body(self) {
            Err(Unwind::Return(v)) => Ok(v),
            other => other,
        }
    }

    #[inline]
    fn read_local(&mut self, slot: FrameSlot) -> Value {
        self.frame.slots.get(slot.0 as usize).copied().unwrap_or(Value::Null)
    }

    #[inline]
    fn write_local(&mut self, slot: FrameSlot, v: Value) {
        self.target.frame_descriptor().observe_write(slot, &v);
        self.frame.set(slot.0 as usize, v);
    }

    #[inline]
    fn argument(&mut self, index: usize) -> Value {
        self.frame.args.get(index).copied().unwrap_or(Value::Null)
    }

    #[inline]
    fn call_function(&mut self, function: FunctionRef, args: &[Value]) -> Result<Value, Unwind> {
        function.call(self.ctx, args).map_err(Unwind::Error)
    }

    #[inline]
    fn shape_of(&mut self, object: Value) -> i64 {
        match object {
            Value::Object(o) => o.shape().bits(),
            _ => 0,
        }
    }

    #[inline]
    fn load_slot(&mut self, object: Value, location: Location) -> Value {
        match object {
            Value::Object(o) => o.read(location),
            _ => Value::Null,
        }
    }

    #[inline]
    fn store_slot(&mut self, object: Value, location: Location, v: Value) {
        if let Value::Object(o) = object {
            o.write(location, v);
        }
    }

    #[inline]
    fn set_shape(&mut self, object: Value, shape: ShapeRef) {
        if let Value::Object(o) = object {
            o.set_shape(shape);
        }
    }

    #[inline]
    fn new_object(&mut self, shape: ShapeRef) -> Value {
        Value::Object(DynamicObject::new(shape))
    }

    #[inline]
    fn call_function_value(&mut self, function: Value, args: &[Value]) -> Result<Value, Unwind> {
        match function {
            Value::Function(f) => f.call(self.ctx, args).map_err(Unwind::Error),
            other => Err(Unwind::Error(GuestError::new(format!(
                "internal error: call_function_value on {other:?}"
            )))),
        }
    }

    #[inline]
    fn boundary<N, F>(&mut self, node: &N, f: F, args: &[Value]) -> Result<Value, Unwind>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, Unwind> + 'static,
    {
        f(node, self, args)
    }
}
