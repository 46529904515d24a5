//! Frames, frame descriptors, frame slots and slot kinds.
//!
//! A [`FrameDescriptor`] lists a root's local variable slots, resolved when the tree is built
//! (no name lookups at run time). In the interpreter a [`Frame`] holds the slot values in
//! memory; in compiled code frames are virtual: each slot lives in SSA variables and a frame
//! is materialized only at an on-stack-replacement entry or exit (DESIGN.md invariant 5).

use crate::heap::RootedSlice;
use crate::value::Value;
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
        self.slots.push(SlotInfo { name: name.into(), kind: Cell::new(SlotKind::Illegal) });
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
}

/// An interpreter activation: local slots (initialized to `Null`) and the arguments. Small
/// frames live entirely on the native stack; the slots of large ones are a registered root
/// range, so values held only in a frame survive collections.
pub struct Frame<'a> {
    pub slots: RootedSlice<Value>,
    pub args: &'a [Value],
}

impl<'a> Frame<'a> {
    /// A frame for `descriptor` with every slot `Null`.
    #[inline]
    pub fn new(descriptor: &FrameDescriptor, args: &'a [Value]) -> Frame<'a> {
        Frame { slots: RootedSlice::from_elem(Value::Null, descriptor.len()), args }
    }

    /// A frame without slots or arguments (for boundaries called from compiled code).
    pub fn empty() -> Frame<'static> {
        Frame { slots: RootedSlice::from_elem(Value::Null, 0), args: &[] }
    }
}
