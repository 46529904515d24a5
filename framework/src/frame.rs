//! Frames, frame descriptors, frame slots and slot kinds.
//!
//! A [`FrameDescriptor`] lists a root's local variable slots, resolved when the tree is built
//! (no name lookups at run time). In the interpreter a [`Frame`] holds the slot values in
//! memory; in compiled code frames are virtual: each slot lives in SSA variables (DESIGN.md
//! invariant 5).
//!
//! Every activation, interpreted or compiled, links an [`Activation`] record into its
//! [`ExecContext`]'s stack of activations. The record points at memory holding the slot
//! values and an *assigned* bit per slot (a slot never written has no value: §10 of the SL
//! spec omits it from stack traces, Truffle's frames hold `null` there). The interpreter's
//! record points at its [`Frame`]; compiled code keeps a spill area in its native stack frame
//! and stores the slots it changed into it before every call it makes (a *safepoint*), so
//! whatever runs below — a builtin walking the stack — sees the frames of all activations
//! above it through [`ExecContext::iterate_frames`] (Truffle's `iterateFrames`). Slots marked
//! *captured* in the descriptor may also be written from outside their activation
//! ([`FrameInstance::write_slot`]); compiled code reloads them after every safepoint.

use crate::call::CallTarget;
use crate::error::GuestError;
use crate::exec::ExecContext;
use crate::heap::RootedSlice;
use crate::value::Value;
use smallvec::SmallVec;
use std::cell::Cell;
use std::fmt;

/// Index of a local variable slot in its root's [`FrameDescriptor`]. Displayed as `$N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameSlot(pub u32);

impl fmt::Display for FrameSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${}", self.0)
    }
}

/// The kind of values a slot has held so far, observed by the interpreter. A monotonic
/// lattice: `Illegal` (never written) → `Int` | `Bool` → `Object` (anything).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    Illegal,
    Int,
    Bool,
    Object,
}

impl SlotKind {
    /// The least kind that covers both `self` and a value of `tag`.
    fn join(self, value: &Value) -> SlotKind {
        let observed = match value {
            Value::Int(_) => SlotKind::Int,
            Value::Bool(_) => SlotKind::Bool,
            _ => SlotKind::Object,
        };
        match self {
            SlotKind::Illegal => observed,
            k if k == observed => k,
            _ => SlotKind::Object,
        }
    }
}

/// One slot of a [`FrameDescriptor`].
#[derive(Debug)]
pub struct SlotInfo {
    /// The guest-level name of the local (for stack traces and dumps).
    pub name: String,
    kind: Cell<SlotKind>,
    captured: Cell<bool>,
}

/// The layout of a root's frame: its slots in order.
#[derive(Debug, Default)]
pub struct FrameDescriptor {
    slots: Vec<SlotInfo>,
}

impl FrameDescriptor {
    pub fn new() -> FrameDescriptor {
        FrameDescriptor::default()
    }

    /// Adds a slot named `name` and returns it.
    pub fn add_slot(&mut self, name: impl Into<String>) -> FrameSlot {
        self.slots.push(SlotInfo {
            name: name.into(),
            kind: Cell::new(SlotKind::Illegal),
            captured: Cell::new(false),
        });
        FrameSlot(self.slots.len() as u32 - 1)
    }

    /// Number of slots.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn slot(&self, slot: FrameSlot) -> &SlotInfo {
        &self.slots[slot.0 as usize]
    }

    /// Marks `slot` as *captured*: code outside the activation may write it
    /// ([`FrameInstance::write_slot`]), so compiled code reloads it after every call. Mark a
    /// slot before its root is first called (compiled code of the root reads the mark).
    pub fn capture(&self, slot: FrameSlot) {
        if let Some(info) = self.slots.get(slot.0 as usize) {
            info.captured.set(true);
        }
    }

    pub fn slots(&self) -> impl Iterator<Item = (FrameSlot, &SlotInfo)> {
        self.slots.iter().enumerate().map(|(i, s)| (FrameSlot(i as u32), s))
    }

    /// Records that `value` was written to `slot` (interpreter profiling of slot kinds).
    #[inline]
    pub fn observe_write(&self, slot: FrameSlot, value: &Value) {
        if let Some(info) = self.slots.get(slot.0 as usize) {
            let k = info.kind.get();
            if k != SlotKind::Object {
                info.kind.set(k.join(value));
            }
        }
    }
}

impl SlotInfo {
    pub fn kind(&self) -> SlotKind {
        self.kind.get()
    }

    /// Whether the slot may be written from outside its activation (see
    /// [`FrameDescriptor::capture`]).
    pub fn is_captured(&self) -> bool {
        self.captured.get()
    }
}

/// An interpreter activation: local slots (initialized to `Null`), one *assigned* bit per slot
/// (slot `i` is bit `i % 64` of word `i / 64`) and the arguments. Small frames live entirely
/// on the native stack; the slots of large ones are a registered root range, so values held
/// only in a frame survive collections.
pub struct Frame<'a> {
    pub slots: RootedSlice<Value>,
    pub assigned: SmallVec<[u64; 2]>,
    pub args: &'a [Value],
}

/// Number of 64-bit *assigned* words for `slots` slots.
pub const fn assigned_words(slots: usize) -> usize {
    slots.div_ceil(64)
}

impl<'a> Frame<'a> {
    /// A frame for `descriptor` with every slot `Null` and unassigned.
    #[inline]
    pub fn new(descriptor: &FrameDescriptor, args: &'a [Value]) -> Frame<'a> {
        let n = descriptor.len();
        Frame {
            slots: RootedSlice::from_elem(Value::Null, n),
            assigned: SmallVec::from_elem(0, assigned_words(n)),
            args,
        }
    }

    /// A frame without slots or arguments (for boundaries called from compiled code).
    pub fn empty() -> Frame<'static> {
        Frame { slots: RootedSlice::from_elem(Value::Null, 0), assigned: SmallVec::new(), args: &[] }
    }

    /// Writes `v` to slot `i` and marks it assigned.
    #[inline]
    pub fn set(&mut self, i: usize, v: Value) {
        if let Some(s) = self.slots.get_mut(i) {
            *s = v;
            self.assigned[i / 64] |= 1 << (i % 64);
        }
    }
}

/// The record of one activation in its [`ExecContext`]'s stack of activations (innermost on
/// top). `#[repr(C)]`: compiled code builds records in its native stack frame and links them
/// itself, at the `*_OFFSET` byte offsets.
///
/// `slots` points at `target.frame_descriptor().len()` values and `assigned` at
/// [`assigned_words`] of that many words; a slot's value is meaningful only while its bit is
/// set. Both stay valid, and are kept current at every call the activation makes, for as
/// long as the record is linked.
#[repr(C)]
pub struct Activation {
    parent: *const Activation,
    target: *const CallTarget,
    slots: *mut Value,
    assigned: *mut u64,
}

impl Activation {
    pub const PARENT_OFFSET: i32 = std::mem::offset_of!(Activation, parent) as i32;
    pub const TARGET_OFFSET: i32 = std::mem::offset_of!(Activation, target) as i32;
    pub const SLOTS_OFFSET: i32 = std::mem::offset_of!(Activation, slots) as i32;
    pub const ASSIGNED_OFFSET: i32 = std::mem::offset_of!(Activation, assigned) as i32;
    /// Size of a record in bytes.
    pub const SIZE_BYTES: u32 = std::mem::size_of::<Activation>() as u32;

    /// A record for an interpreter activation of `target` on `frame`, whose parent is the
    /// current innermost activation of `ctx`. Link it with [`ExecContext::link`]; `frame` must
    /// not move while the record is linked.
    #[inline]
    pub fn for_frame(ctx: &ExecContext, target: &'static CallTarget, frame: &mut Frame<'_>) -> Activation {
        Activation {
            parent: ctx.top_activation(),
            target,
            slots: frame.slots.as_mut_ptr(),
            assigned: frame.assigned.as_mut_ptr(),
        }
    }

    pub(crate) fn parent(&self) -> *const Activation {
        self.parent
    }

    /// The slot memory of this record (the interpreter frame's, or a compiled spill area).
    pub fn slots_ptr(&self) -> *const Value {
        self.slots
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
        unsafe { &*self.record.target }
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
            let word = self.record.assigned.add(i / 64).read();
            (word & (1 << (i % 64)) != 0).then(|| self.record.slots.add(i).read())
        }
    }

    /// Writes `v` to `slot` of this (other) activation and marks it assigned. The slot must be
    /// captured ([`FrameDescriptor::capture`]), so that compiled code of the activation
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
            self.record.slots.add(i).write(v);
            let w = self.record.assigned.add(i / 64);
            w.write(w.read() | (1 << (i % 64)));
        }
        Ok(())
    }
}
