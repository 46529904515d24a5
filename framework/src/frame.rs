//! Frames, frame descriptors, frame slots and slot kinds.
//!
//! A [`FrameDescriptor`] lists a root's local variable slots, resolved when the tree is built
//! (no name lookups at run time). In the interpreter a [`Frame`] holds the slot values in
//! memory; in compiled code frames are virtual: each slot lives in SSA variables (invariant 5
//! of ARCHITECTURE.md).
//!
//! Interpreted and compiled activations alike are linked into their execution context for
//! stack walks: see [`crate::context`].

use crate::heap::{RootedBuffer, ROOTED_SLICE_INLINE};
use crate::value::{Tag, Value};
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
    /// Never written.
    Illegal,
    /// Only integers written.
    Int,
    /// Only booleans written.
    Bool,
    /// Values of more than one kind, or other kinds, written.
    Object,
}

impl SlotKind {
    /// The least kind that holds `value`.
    #[inline]
    fn of(value: &Value) -> SlotKind {
        match value {
            Value::Int(_) => SlotKind::Int,
            Value::Bool(_) => SlotKind::Bool,
            _ => SlotKind::Object,
        }
    }

    /// The least kind that covers both `self` and `value`.
    fn join(self, value: &Value) -> SlotKind {
        let observed = SlotKind::of(value);
        match self {
            SlotKind::Illegal => observed,
            k if k == observed => k,
            _ => SlotKind::Object,
        }
    }
}

/// What one local-write node has written, a lower bound of its slot's [`SlotKind`] (both
/// only grow, and the node joins into the slot what it joins into itself): the interpreter's
/// write tests the node's own kind — one load from the node — and touches the descriptor only
/// when the node sees a new kind. Truffle's local-write nodes keep the same state as their
/// specializations (`writeLong` while the slot is `Long` or `Illegal`, then `writeObject`).
#[derive(Debug)]
pub struct SlotKindProfile {
    /// The one tag the node's writes have had ([`SlotKindProfile::NONE`] before the first
    /// write, [`SlotKindProfile::ANY`] once they had two or a tag other than `Int` or
    /// `Bool`): the write's test is one compare of its value's tag with it.
    tag: Cell<u64>,
}

impl SlotKindProfile {
    /// No write yet: no tag is this.
    const NONE: u64 = u64::MAX - 1;
    /// Writes of any kind.
    const ANY: u64 = u64::MAX;

    /// A profile that has seen no write.
    pub const fn new() -> SlotKindProfile {
        SlotKindProfile { tag: Cell::new(SlotKindProfile::NONE) }
    }

    /// The kinds this node has written.
    pub fn kind(&self) -> SlotKind {
        match self.tag.get() {
            SlotKindProfile::NONE => SlotKind::Illegal,
            t if t == Tag::Int.bits() => SlotKind::Int,
            t if t == Tag::Bool.bits() => SlotKind::Bool,
            _ => SlotKind::Object,
        }
    }

    /// Records that the node writes `value` to `slot` of `descriptor`: the slot's kind
    /// covers it afterwards.
    #[inline(always)]
    pub fn observe_write(&self, descriptor: &FrameDescriptor, slot: FrameSlot, value: Value) {
        let t = self.tag.get();
        if value.tag().bits() != t && t != SlotKindProfile::ANY {
            self.generalize(descriptor, slot, value);
        }
    }

    #[cold]
    #[inline(never)]
    fn generalize(&self, descriptor: &FrameDescriptor, slot: FrameSlot, value: Value) {
        let tag = match self.kind().join(&value) {
            SlotKind::Int => Tag::Int.bits(),
            SlotKind::Bool => Tag::Bool.bits(),
            SlotKind::Illegal | SlotKind::Object => SlotKindProfile::ANY,
        };
        self.tag.set(tag);
        descriptor.observe_write(slot, &value);
    }
}

impl Default for SlotKindProfile {
    fn default() -> SlotKindProfile {
        SlotKindProfile::new()
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
    /// A descriptor without slots.
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

    /// Whether it has no slots.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// What is known of `slot`.
    pub fn slot(&self, slot: FrameSlot) -> &SlotInfo {
        &self.slots[slot.0 as usize]
    }

    /// Marks `slot` as *captured*: code outside the activation may write it
    /// ([`FrameInstance::write_slot`](crate::context::FrameInstance::write_slot)), so compiled code reloads it after every call. Mark a
    /// slot before its root is first called (compiled code of the root reads the mark).
    pub fn capture(&self, slot: FrameSlot) {
        if let Some(info) = self.slots.get(slot.0 as usize) {
            info.captured.set(true);
        }
    }

    /// Every slot with what is known of it, in slot order.
    pub fn slots(&self) -> impl Iterator<Item = (FrameSlot, &SlotInfo)> {
        self.slots.iter().enumerate().map(|(i, s)| (FrameSlot(i as u32), s))
    }

    /// Sets `slot`'s kind to `Object`, the top of the lattice: compiled code speculated on
    /// its kind and met another value (its code deoptimized and is recompiled without the
    /// speculation).
    pub fn generalize(&self, slot: FrameSlot) {
        if let Some(info) = self.slots.get(slot.0 as usize) {
            info.kind.set(SlotKind::Object);
        }
    }

    /// Records that `value` was written to `slot` (interpreter profiling of slot kinds).
    #[inline]
    pub fn observe_write(&self, slot: FrameSlot, value: &Value) {
        if let Some(info) = self.slots.get(slot.0 as usize) {
            // Stored only when the kind changes: the common write is two loads and a compare.
            let k = info.kind.get();
            if k != SlotKind::Object && k != SlotKind::of(value) {
                info.kind.set(k.join(value));
            }
        }
    }
}

impl SlotInfo {
    /// The kinds of values written to the slot so far.
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
/// (slot `i` is bit `i % 64` of word `i / 64`) and the arguments. The slots and assigned words
/// are borrowed from storage that [`Frame::run`] sizes for the descriptor: small frames live
/// entirely on the native stack (where the collector scans them); the slots of large ones are
/// a registered root range, so values held only in a frame survive collections.
pub struct Frame<'a> {
    /// The local slots (`Null` until written).
    pub slots: &'a mut [Value],
    /// One assigned bit per slot.
    pub assigned: &'a mut [u64],
    /// The call's arguments.
    pub args: &'a [Value],
}

/// Number of 64-bit *assigned* words for `slots` slots.
pub const fn assigned_words(slots: usize) -> usize {
    slots.div_ceil(64)
}

/// Slots of the smallest native-stack frame storage (most functions fit in it).
const SMALL_FRAME_SLOTS: usize = 4;

impl Frame<'_> {
    /// Runs `f` on a frame for `descriptor` with every slot `Null` and unassigned. The frame's
    /// storage is created in place, sized for the descriptor: up to `SMALL_FRAME_SLOTS` slots
    /// on the native stack, up to
    /// [`ROOTED_SLICE_INLINE`] in a larger array there, more in a [`RootedBuffer`].
    #[inline(always)]
    pub fn run<R>(descriptor: &FrameDescriptor, args: &[Value], f: impl FnOnce(Frame<'_>) -> R) -> R {
        let n = descriptor.len();
        if n > ROOTED_SLICE_INLINE {
            return Frame::run_large(n, args, f);
        }
        // Frames on the native stack: no storage to drop, so no drop flags. Deferred
        // initialization: only the array of the frame's size class is written.
        let mut small: [Value; SMALL_FRAME_SLOTS];
        let mut inline: [Value; ROOTED_SLICE_INLINE];
        let slots: &mut [Value] = if n <= SMALL_FRAME_SLOTS {
            small = [Value::Null; SMALL_FRAME_SLOTS];
            &mut small[..n]
        } else {
            inline = [Value::Null; ROOTED_SLICE_INLINE];
            &mut inline[..n]
        };
        let mut word = [0u64; 1];
        f(Frame { slots, assigned: &mut word[..assigned_words(n)], args })
    }

    /// [`Frame::run`] for more than [`ROOTED_SLICE_INLINE`] slots: a root range, and more
    /// than one assigned word past 64.
    #[inline(never)]
    fn run_large<R>(n: usize, args: &[Value], f: impl FnOnce(Frame<'_>) -> R) -> R {
        let mut rooted = RootedBuffer::new(n, Value::Null);
        let mut word = [0u64; 1];
        let mut words: Vec<u64>;
        let assigned: &mut [u64] = if n <= 64 {
            &mut word[..assigned_words(n)]
        } else {
            words = vec![0; assigned_words(n)];
            &mut words
        };
        f(Frame { slots: &mut rooted, assigned, args })
    }

    /// A frame without slots or arguments (for boundaries called from compiled code).
    pub fn empty<'e>() -> Frame<'e> {
        Frame { slots: &mut [], assigned: &mut [], args: &[] }
    }

    /// Writes `v` to slot `i` and marks it assigned.
    #[inline]
    pub fn set(&mut self, i: usize, v: Value) {
        if let Some(s) = self.slots.get_mut(i) {
            *s = v;
            if let Some(word) = self.assigned.get_mut(i / 64) {
                *word |= 1 << (i % 64);
            }
        }
    }
}
