//! The execution context and stack walks.
//!
//! An [`ExecContext`] is the per-thread state shared by interpreted and compiled code: the
//! call depth and its limit, the native stack limit, the innermost activation record, and the
//! error a compiled activation reports to its caller.
//!
//! Guest recursion ends in the `Stack overflow` guest error, never in a crash: every guest
//! call (the interpreter's [`ExecContext::enter`], and compiled code's inline copy of it for
//! direct and inlined calls) checks both the call depth against `max_call_depth` and the
//! native stack pointer against the context's *stack limit*, which lies
//! [`NATIVE_STACK_ROOM_BYTES`] above the low end of the stack of the thread that created the
//! context (an `ExecContext` is not `Send`, so that is the thread that runs its guest code:
//! the launcher's guest thread, or the main or test thread of an embedder). The depth limit
//! alone does not bound the native stack: frames are as large as a function's expression
//! nesting or parameter count make them.
//!
//! Every activation, interpreted or compiled, links an [`Activation`] record into its
//! [`ExecContext`]'s stack of activations. The record points at memory holding the slot
//! values and an *assigned* bit per slot (a slot never written has no value: §10 of the SL
//! spec omits it from stack traces, Truffle's frames hold `null` there). The interpreter's
//! record points at its [`Frame`](crate::frame::Frame); compiled code keeps a spill area in its native stack frame
//! and stores the slots it changed into it before every call it makes (a *safepoint*), so
//! whatever runs below — a builtin walking the stack — sees the frames of all activations
//! above it through [`ExecContext::iterate_frames`] (Truffle's `iterateFrames`). Slots marked
//! *captured* in the descriptor may also be written from outside their activation
//! ([`FrameInstance::write_slot`]); compiled code reloads them after every safepoint.

use crate::call::CallTarget;
use crate::engine::Engine;
use crate::error::GuestError;
use crate::frame::FrameSlot;
use crate::value::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Per-thread execution state shared by interpreted and compiled code: the call depth, the
/// native stack limit and the error a compiled activation reports to its caller.
///
/// `#[repr(C)]`: compiled code reads and writes `depth` at [`ExecContext::DEPTH_OFFSET`],
/// compares it with `max_depth` at [`ExecContext::MAX_DEPTH_OFFSET`], and compares its stack
/// pointer with `stack_limit` at [`ExecContext::STACK_LIMIT_OFFSET`].
#[repr(C)]
pub struct ExecContext {
    depth: Cell<u32>,
    max_depth: u32,
    /// The engine's [`Engine::call_threshold`], read once: the interpreter's call path
    /// compares every call count with it.
    call_threshold: u32,
    /// The lowest native stack address at which a guest call may start (0: no native check,
    /// the thread's stack bounds are unknown). See [`NATIVE_STACK_ROOM_BYTES`].
    stack_limit: usize,
    /// The innermost linked activation record, null when none (see the module docs).
    top: Cell<*const Activation>,
    pending_error: RefCell<Option<GuestError>>,
    /// The target and value of the non-local transfer in flight ([`ExecContext::start_transfer`]),
    /// a root range (made on the first transfer, when the heap exists).
    pending_transfer: RefCell<Option<crate::heap::RootedBuffer<Value>>>,
    /// The record of an OSR unit that deoptimized, until its loop resumes it.
    pending_deopt: RefCell<Option<Box<crate::exec::DeoptRecord>>>,
    engine: Rc<Engine>,
}

impl ExecContext {
    /// Byte offset of the current call depth (u32).
    pub const DEPTH_OFFSET: i32 = std::mem::offset_of!(ExecContext, depth) as i32;
    /// Byte offset of the call depth limit (u32).
    pub const MAX_DEPTH_OFFSET: i32 = std::mem::offset_of!(ExecContext, max_depth) as i32;
    /// Byte offset of the native stack limit (usize): a guest call fails when the stack
    /// pointer is below it.
    pub const STACK_LIMIT_OFFSET: i32 = std::mem::offset_of!(ExecContext, stack_limit) as i32;
    /// Byte offset of the innermost activation record pointer.
    pub const TOP_OFFSET: i32 = std::mem::offset_of!(ExecContext, top) as i32;

    /// A context for guest code running on the current thread (its native stack limit is
    /// this thread's).
    pub fn new(engine: Rc<Engine>) -> ExecContext {
        ExecContext {
            depth: Cell::new(0),
            max_depth: engine.options().max_call_depth,
            call_threshold: engine.call_threshold(),
            stack_limit: native_stack_limit(),
            top: Cell::new(std::ptr::null()),
            pending_error: RefCell::new(None),
            pending_transfer: RefCell::new(None),
            pending_deopt: RefCell::new(None),
            engine,
        }
    }

    /// The engine whose options and compiler this context runs with.
    pub fn engine(&self) -> &Rc<Engine> {
        &self.engine
    }

    /// Calls of a call target before it is compiled: the engine's
    /// [`Engine::call_threshold`] (`u32::MAX` without a compiler).
    #[inline(always)]
    pub fn call_threshold(&self) -> u32 {
        self.call_threshold
    }

    /// Enters a guest call: increments the depth, failing with a guest error past the depth
    /// limit or when the native stack pointer is below the stack limit.
    #[inline]
    pub fn enter(&self) -> Result<(), GuestError> {
        if self.try_enter() {
            Ok(())
        } else {
            Err(self.stack_overflow())
        }
    }

    /// [`ExecContext::enter`] as a test: whether the call may start (then the depth is one
    /// more). For the interpreter's call path, where the `Result` of `enter` would cost an
    /// out-of-line drop of its (empty) error on every call.
    #[inline(always)]
    pub fn try_enter(&self) -> bool {
        let d = self.depth.get() + 1;
        if d > self.max_depth || stack_pointer() < self.stack_limit {
            return false;
        }
        self.depth.set(d);
        true
    }

    /// The current call depth: calls entered and not left.
    pub fn depth(&self) -> u32 {
        self.depth.get()
    }

    /// Sets the call depth back to `depth` after compiled code that keeps the depth of its
    /// activations in registers returned (it stores a depth here only around its safepoints;
    /// see `bonsai-partial-eval`'s direct entry).
    pub fn restore_depth(&self, depth: u32) {
        self.depth.set(depth);
    }

    /// Leaves `levels` guest calls at once: the activations inlined into a compiled unit that
    /// deoptimized, which the interpreter re-enters one by one as it resumes them.
    pub fn leave_inlined(&self, levels: u32) {
        self.depth.set(self.depth.get().saturating_sub(levels));
    }

    /// Hands the record of a deoptimized OSR unit to the loop that resumes it.
    pub fn set_pending_deopt(&self, record: Box<crate::exec::DeoptRecord>) {
        *self.pending_deopt.borrow_mut() = Some(record);
    }

    /// Takes the record of a deoptimized OSR unit.
    pub fn take_pending_deopt(&self) -> Option<Box<crate::exec::DeoptRecord>> {
        self.pending_deopt.borrow_mut().take()
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
    /// the activation ends (the interpreter links its records with a guard that does).
    pub fn set_top_activation(&self, record: *const Activation) {
        self.top.set(record);
    }

    /// Links `record` as the innermost activation until the returned guard drops (which
    /// restores the record's parent). The record is not borrowed: the interpreter links the
    /// record it holds, and goes on using itself mutably.
    ///
    /// # Safety
    /// `record` stays valid and in place until the guard drops.
    #[inline(always)]
    pub(crate) unsafe fn link_raw(&self, record: *const Activation) -> Linked<'_> {
        self.top.set(record);
        // SAFETY: `record` is valid (the caller's contract).
        Linked { ctx: self, parent: unsafe { (*record).parent() } }
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

    /// The error for a guest call that failed [`ExecContext::enter`]'s checks (unbounded
    /// guest recursion): the call depth would exceed `max_call_depth`, or else the native
    /// stack is exhausted. Call it before the depth is incremented.
    #[cold]
    pub fn stack_overflow(&self) -> GuestError {
        if self.depth.get() >= self.max_depth {
            GuestError::limit(format!("Stack overflow: guest call depth exceeded {}", self.max_depth))
        } else {
            GuestError::limit(NATIVE_STACK_OVERFLOW)
        }
    }

    /// The native stack limit of this context (0 when the native check is off).
    pub fn stack_limit(&self) -> usize {
        self.stack_limit
    }

    /// Stores the error a compiled activation is about to report by status code, or the
    /// error an interpreted one unwinds with ([`Interp::throw`](crate::exec::Interp::throw)).
    pub fn set_pending_error(&self, e: GuestError) {
        *self.pending_error.borrow_mut() = Some(e);
    }

    /// Starts a non-local control transfer to `target` with `value` (see
    /// [`crate::exec::Domain::transfer`]): the returned error, of kind
    /// [`ErrorKind::Transfer`](crate::error::ErrorKind::Transfer), unwinds like any guest error
    /// until [`ExecContext::take_pending_transfer`] takes it. Target and value are kept in a root
    /// range meanwhile.
    pub fn start_transfer(&self, target: Value, value: Value) -> GuestError {
        let mut pending = self.pending_transfer.borrow_mut();
        let buffer = pending.get_or_insert_with(|| crate::heap::RootedBuffer::new(2, Value::Null));
        buffer[0] = target;
        buffer[1] = value;
        GuestError::transfer()
    }

    /// Whether the error pending in the context ([`ExecContext::set_pending_error`]) is a
    /// non-local transfer to the value of tag word `tag` and payload word `payload` (compiled
    /// code's check; [`Value::same`] compares exactly these words); if so it is taken and its
    /// value returned.
    pub fn take_pending_transfer_to(&self, tag: u64, payload: u64) -> Option<Value> {
        let mut pending = self.pending_error.borrow_mut();
        if pending.as_ref()?.kind() != crate::error::ErrorKind::Transfer {
            return None;
        }
        let mut transfer = self.pending_transfer.borrow_mut();
        let buffer = transfer.as_mut()?;
        if buffer[0].tag().bits() != tag || buffer[0].payload_bits() != payload {
            return None;
        }
        let value = buffer[1];
        buffer[0] = Value::Null;
        buffer[1] = Value::Null;
        pending.take();
        Some(value)
    }

    /// Whether the error pending in the context ([`ExecContext::set_pending_error`]) is a
    /// non-local transfer to `target` (compared with [`Value::same`]); if so it is taken and
    /// its value returned.
    pub fn take_pending_transfer(&self, target: Value) -> Option<Value> {
        self.take_pending_transfer_to(target.tag().bits(), target.payload_bits())
    }

    /// Takes the error stored by [`ExecContext::set_pending_error`].
    pub fn take_pending_error(&self) -> GuestError {
        self.pending_error.borrow_mut().take().unwrap_or_else(|| {
            GuestError::new("internal error: compiled code reported an error it did not store")
        })
    }
}

/// The message of the stack-overflow error raised by the native stack check.
pub const NATIVE_STACK_OVERFLOW: &str = "Stack overflow: guest calls exhausted the native stack";

/// Bytes of native stack left below the stack limit, for what runs past the last check of a
/// guest call: the callee's own frame up to its next call (the interpreter recurses through
/// the tree's nesting, ~150 bytes per level: 45 KB for a call 300 levels deep in an
/// expression; a compiled frame is at most tens of KB), the boundaries it calls (builtins,
/// printing, big-integer and string operations, slow paths), the allocation slow path and a
/// collection's register spill, a compilation of a hot target at the deepest point (partial
/// evaluation recurses through the tree, then Cranelift runs: compiling that 300-deep,
/// 615-node function there fits in 64 KiB), and the error itself. 1 MiB covers these with a
/// wide margin — about 6,000 levels of expression nesting between two calls — and costs 0.1%
/// of the launcher's 1 GiB guest stack; on threads with less than 2 MiB of stack the room is
/// half the stack.
pub const NATIVE_STACK_ROOM_BYTES: usize = 1 << 20;

/// The stack limit for guest code on the current thread: [`NATIVE_STACK_ROOM_BYTES`] above
/// the low end of its stack (the stack grows down), or 0 — no native check, only the depth
/// limit — when the OS does not report the thread's stack.
fn native_stack_limit() -> usize {
    match crate::heap::current_stack_bounds() {
        Ok(stack) => stack.low + NATIVE_STACK_ROOM_BYTES.min((stack.high - stack.low) / 2),
        Err(_) => 0,
    }
}

/// The current native stack pointer, to within the size of the caller's frame: the address
/// of a local (inlined, it lives in the frame of the function calling this).
#[inline(always)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
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

/// The record of one activation in its [`ExecContext`]'s stack of activations (innermost on
/// top). `#[repr(C)]`: compiled code builds records in its native stack frame and links them
/// itself, at the `*_OFFSET` byte offsets.
///
/// `slots` points at `target.frame_descriptor().len()` values and `assigned` at
/// [`assigned_words`](crate::frame::assigned_words) of that many words; a slot's value is meaningful only while its bit is
/// set. Both stay valid, and are kept current at every call the activation makes, for as
/// long as the record is linked.
///
/// A record whose target word has [`Activation::INLINE_FRAME`] set keeps its frame right
/// behind its [`SIZE_BYTES`](Activation::SIZE_BYTES) of header: the slots, then the assigned
/// words. Its `slots` and `assigned` words are not written: compiled code builds its records
/// that way, with two stores (parent, and the tagged target) where four took 8 instructions
/// per linking activation.
#[repr(C)]
pub struct Activation {
    parent: *const Activation,
    target: *const CallTarget,
    slots: *mut Value,
    assigned: *mut u64,
}

impl Activation {
    /// Byte offset of the link to the enclosing record (`*const Activation`).
    pub const PARENT_OFFSET: i32 = std::mem::offset_of!(Activation, parent) as i32;
    /// Byte offset of the record's call target (`*const CallTarget`).
    pub const TARGET_OFFSET: i32 = std::mem::offset_of!(Activation, target) as i32;
    /// Byte offset of the frame's slots (`*mut Value`).
    pub const SLOTS_OFFSET: i32 = std::mem::offset_of!(Activation, slots) as i32;
    /// Byte offset of the frame's assigned words (`*mut u64`).
    pub const ASSIGNED_OFFSET: i32 = std::mem::offset_of!(Activation, assigned) as i32;
    /// Size of a record in bytes.
    pub const SIZE_BYTES: u32 = std::mem::size_of::<Activation>() as u32;
    /// The bit of the target word that says the frame follows the header (call targets are
    /// aligned to at least 8 bytes, so a target's address never has it).
    pub const INLINE_FRAME: usize = 1;

    /// A record of `target`'s activation with the given parent and frame memory.
    #[inline(always)]
    pub(crate) fn new(
        parent: *const Activation,
        target: &'static CallTarget,
        slots: *mut Value,
        assigned: *mut u64,
    ) -> Activation {
        Activation { parent, target, slots, assigned }
    }

    /// The call target of a record built by [`Activation::new`] (the interpreter's: its
    /// frame is elsewhere, so its target word is not tagged) without the decoding of
    /// [`Activation::target_ptr`]: the interpreter reads it on every call.
    #[inline(always)]
    pub(crate) fn own_target(&self) -> *const CallTarget {
        self.target
    }

    /// The slots of a record built by [`Activation::new`] (see [`Activation::own_target`]).
    #[inline(always)]
    pub(crate) fn own_slots(&self) -> *mut Value {
        self.slots
    }

    /// The assigned words of a record built by [`Activation::new`] (see
    /// [`Activation::own_target`]).
    #[inline(always)]
    pub(crate) fn own_assigned(&self) -> *mut u64 {
        self.assigned
    }

    pub(crate) fn target_ptr(&self) -> *const CallTarget {
        (self.target as usize & !Self::INLINE_FRAME) as *const CallTarget
    }

    fn has_inline_frame(&self) -> bool {
        self.target as usize & Self::INLINE_FRAME != 0
    }

    pub(crate) fn slots_mut_ptr(&self) -> *mut Value {
        if self.has_inline_frame() {
            // The frame follows the header in the same allocation (see the type's docs).
            (self as *const Activation).wrapping_add(1) as *mut Value
        } else {
            self.slots
        }
    }

    pub(crate) fn assigned_mut_ptr(&self) -> *mut u64 {
        if self.has_inline_frame() {
            // SAFETY: a record's target is a call target, which lives for the process.
            let slot_count = unsafe { &*self.target_ptr() }.frame_descriptor().len();
            self.slots_mut_ptr().wrapping_add(slot_count) as *mut u64
        } else {
            self.assigned
        }
    }

    pub(crate) fn parent(&self) -> *const Activation {
        self.parent
    }

    /// The slot memory of this record (the interpreter frame's, or a compiled spill area).
    pub fn slots_ptr(&self) -> *const Value {
        self.slots_mut_ptr()
    }
}

/// One activation seen by a stack walk ([`ExecContext::iterate_frames`]): its call target and
/// its slots. Valid only inside the walk's visitor.
pub struct FrameInstance<'w> {
    record: &'w Activation,
}

impl<'w> FrameInstance<'w> {
    /// # Safety
    /// `record` is linked in a live stack of activations for at least `'w`.
    pub(crate) unsafe fn new(record: &'w Activation) -> FrameInstance<'w> {
        FrameInstance { record }
    }

    pub(crate) fn parent(&self) -> *const Activation {
        self.record.parent()
    }

    /// The root whose activation this is.
    pub fn call_target(&self) -> &'static CallTarget {
        // SAFETY: records are built with a call target, which lives for the process.
        unsafe { &*self.record.target_ptr() }
    }

    fn in_range(&self, slot: FrameSlot) -> bool {
        (slot.0 as usize) < self.call_target().frame_descriptor().len()
    }

    /// The value of `slot`, or `None` if the slot was never assigned (or is out of range).
    pub fn read_slot(&self, slot: FrameSlot) -> Option<Value> {
        if !self.in_range(slot) {
            return None;
        }
        let i = slot.0 as usize;
        // SAFETY: the record is linked (see `new`); `i` is within the descriptor's slots and
        // their assigned words.
        unsafe {
            let word = self.record.assigned_mut_ptr().add(i / 64).read();
            (word & (1 << (i % 64)) != 0).then(|| self.record.slots_mut_ptr().add(i).read())
        }
    }

    /// Writes `v` to `slot` of this (other) activation and marks it assigned. The slot must be
    /// captured ([`FrameDescriptor::capture`](crate::frame::FrameDescriptor::capture)), so that compiled code of the activation
    /// reloads it when the current call returns.
    ///
    /// # Errors
    /// An internal error if `slot` is out of range or not captured.
    pub fn write_slot(&self, slot: FrameSlot, v: Value) -> Result<(), GuestError> {
        let descriptor = self.call_target().frame_descriptor();
        if !self.in_range(slot) || !descriptor.slot(slot).is_captured() {
            return Err(GuestError::new(format!(
                "internal error: write to slot {slot} of {}, which is not captured",
                self.call_target().name()
            )));
        }
        let i = slot.0 as usize;
        // SAFETY: as in `read_slot`. The owner of the frame is suspended in a call (this code
        // runs below it) and rereads captured slots from memory when the call returns.
        unsafe {
            self.record.slots_mut_ptr().add(i).write(v);
            let w = self.record.assigned_mut_ptr().add(i / 64);
            w.write(w.read() | (1 << (i % 64)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{run_with_stack, EngineOptions};

    #[test]
    fn the_stack_limit_leaves_the_room_below_it_on_the_creating_thread() {
        // 8 MiB leaves the full room; 1 MiB (or a reused cached stack of up to a few MiB) half.
        for stack_bytes in [8 << 20, 1 << 20] {
            let (limit, stack, here) = run_with_stack(stack_bytes, || {
                let ctx = ExecContext::new(Engine::new(EngineOptions::default(), None));
                let stack = crate::heap::current_stack_bounds().expect("the OS reports the stack");
                (ctx.stack_limit(), stack, stack_pointer())
            })
            .expect("thread starts");
            let size = stack.high - stack.low;
            assert!(size >= stack_bytes - (64 << 10), "{stack_bytes}: {size}");
            assert_eq!(limit, stack.low + NATIVE_STACK_ROOM_BYTES.min(size / 2), "{stack_bytes}");
            assert!(limit < here && here < stack.high, "{stack_bytes}: {limit:#x} {here:#x}");
        }
    }

    #[test]
    fn a_call_below_the_stack_limit_is_the_native_stack_overflow() {
        let ctx = ExecContext::new(Engine::new(EngineOptions::default(), None));
        assert!(ctx.enter().is_ok());
        ctx.leave();
        let exhausted = ExecContext { stack_limit: usize::MAX, ..ctx };
        let error = exhausted.enter().expect_err("the stack pointer is below the limit");
        assert_eq!(error.message(), NATIVE_STACK_OVERFLOW);
        assert_eq!(exhausted.depth.get(), 0);
    }
}
