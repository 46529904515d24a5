//! Allocation removal: objects allocated by the unit live in SSA values, *virtual*, until
//! something needs them in memory (partial escape analysis, after Stadler, Würthinger and
//! Mössenböck, "Partial Escape Analysis and Scalar Replacement for Java", CGO 2014, as Graal
//! does it for Truffle).
//!
//! `new_object` of a shape whose object fits the allocation fast path emits nothing: the
//! value's payload is a *placeholder* (an SSA value that is never used at run time) standing
//! for a virtual object, whose shape the evaluator knows and whose inline slots are Cranelift
//! variables (as frame slots are). On a virtual object `shape_of` is a constant, `load_slot`
//! and `store_slot` are SSA moves, `set_shape` changes what the evaluator knows and identity
//! is a constant (a virtual object is itself and nothing else); so a shape check on it folds
//! away. Storing a virtual object into a local or into another virtual object's slot keeps it
//! virtual.
//!
//! What the object is per path ([`ObjectState`]) and what its slots hold ([`ObjectSlots`]:
//! the SSA values, as the spills track the locals', since a variable read after a merge is a
//! new SSA value) are kept with the frame's [`Spills`](super::frame::Spills), so they are
//! cloned into branches and merged at joins. An object is *materialized* — allocated and its
//! slots stored — where it escapes, on that path only (cold code, such as a transfer point,
//! allocates out of line: a runtime call rather than the inline fast path):
//!
//! - an operation that needs its address ([`Evaluator::resolve`]): a store into an object in
//!   memory, a call not inlined or a boundary taking it, a return from the unit, an element
//!   operation;
//! - a safepoint or transfer to the interpreter while a local holds it (stack walks and the
//!   deoptimization record read the frame in memory);
//! - a merge of paths that disagree on it ([`Evaluator::merge_edges`]): each path with
//!   virtual objects reaches the merge through an *edge block* of its own, filled when the
//!   merge is entered, where the objects the merge cannot keep virtual are materialized;
//! - a loop's entry (objects made before the loop are materialized before it) and back
//!   edge: an object a local holds at the back edge is materialized unless the local is dead
//!   at the loop's header ([`bonsai::exec::liveness`]), where it is dropped (the local is set
//!   to `null`, which no path reads).
//!
//! Once materialized on a path, the object is in memory there: its address is a variable
//! (merged like the locals), the locals and virtual slots that held its placeholder hold the
//! address, and loads and stores go to memory. Placeholders in variables therefore always
//! stand for objects virtual on the current path.

use super::{Evaluator, I64};
use bonsai::exec::{IrValue, SValue};
use bonsai::object::{DynamicObject, Location, ShapeRef, SlotAddress, INLINE_SLOTS};
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::{self, Block, InstBuilder, MemFlagsData};
use cranelift_frontend::Variable;
use std::collections::HashMap;

/// What an object the unit allocated is on the current path.
#[derive(Clone, Copy, Debug)]
pub(super) enum ObjectState {
    /// Not allocated: its shape (its slots are the object's variables).
    Virtual(ShapeRef),
    /// Allocated: its address is the object's pointer variable.
    Materialized,
    /// Not on this path (made on another one, or dropped at a loop's back edge).
    Dead,
}

impl PartialEq for ObjectState {
    fn eq(&self, other: &ObjectState) -> bool {
        match (self, other) {
            (ObjectState::Virtual(a), ObjectState::Virtual(b)) => std::ptr::eq(*a, *b),
            (ObjectState::Materialized, ObjectState::Materialized)
            | (ObjectState::Dead, ObjectState::Dead) => true,
            _ => false,
        }
    }
}

/// What a virtual object's inline slots hold on a path, where known (see [`Spills`]).
///
/// [`Spills`]: super::frame::Spills
pub(super) type ObjectSlots = [Option<(ir::Value, ir::Value)>; INLINE_SLOTS];

/// An allocation site's object in the unit: its placeholder, the variable holding its
/// address once materialized, and the tag and payload variables of its inline slots.
pub(super) struct VirtualObject {
    placeholder: ir::Value,
    pointer: Variable,
    slots: Vec<(Variable, Variable)>,
}

/// An object a loop keeps virtual (see [`Evaluator::objects_kept_through_loop`]), and what
/// held it at the loop's entry: the locals (by index, with the tag SSA value each held beside
/// the placeholder) and, per
/// inline slot, the slot's SSA values if the loop takes them as invariant (see [`Invariant`]).
pub(super) struct KeptObject {
    id: usize,
    shape: ShapeRef,
    placeholder: ir::Value,
    locals: Vec<(usize, ir::Value)>,
    slots: [Option<(Invariant, (ir::Value, ir::Value))>; INLINE_SLOTS],
}

/// A slot of a kept object the loop takes as invariant: its header reads the entry's value,
/// and its back edge checks the slot still holds it.
#[derive(Clone, Copy, PartialEq)]
enum Invariant {
    /// The placeholder of another kept object (by index): a variable merged at the header
    /// would not be a placeholder, so this is not a speculation the loop can do without.
    Object(usize),
    /// A constant that is not a number, by its tag and payload words, unless the loop learned
    /// that the slot changes in it (`OsrPoint::slot_varies`): e.g. a block's function, so a
    /// send of `value` to the block in the loop still calls that function directly, or its
    /// home marker's flag, so its non-local return still jumps. (A constant number is an
    /// accumulator's start more often than an invariant: it merges from the first compile.)
    Constant(i64, i64),
}

/// Why the back edge of a loop keeping objects virtual cannot reach the header (see
/// [`Evaluator::kept_objects_agree`]).
pub(super) enum Disagreement {
    /// A kept object is in memory, or held by other locals or slots than at the entry.
    Escaped,
    /// Slot `.1` of a kept object of shape `.0`, taken as an invariant constant, changed.
    SlotVaries(ShapeRef, usize),
}

/// The unit's virtual objects, by index, and their placeholders.
#[derive(Default)]
pub(super) struct Virtuals {
    pub(super) objects: Vec<VirtualObject>,
    by_placeholder: HashMap<ir::Value, usize>,
    /// The liveness of the locals at loop headers, per call target whose loops asked.
    liveness: Vec<(&'static bonsai::call::CallTarget, std::rc::Rc<bonsai::exec::liveness::LoopLiveness>)>,
}

/// A jump into a block with several predecessors (a join, a merge point, a loop's latch or
/// exit, a return region, a guard's fallback): the state of the path that took it, its value,
/// and the edge block it jumped to when it held virtual objects (filled by
/// [`Evaluator::merge_edges`]).
pub(super) struct Edge {
    block: Option<Block>,
    pub(super) spills: super::frame::Spills,
    value: Option<SValue>,
}

impl Evaluator<'_> {
    /// The virtual object `v` (a payload's SSA value) stands for, if it is a placeholder.
    fn placeholder_object(&self, v: ir::Value) -> Option<usize> {
        self.virtuals.by_placeholder.get(&v).copied()
    }

    fn object_state(&self, id: usize) -> ObjectState {
        self.frame.spills.objects.get(id).copied().unwrap_or(ObjectState::Dead)
    }

    /// The virtual object the handle `payload` stands for on the current path, with its shape.
    pub(super) fn virtual_object(&self, payload: IrValue) -> Option<(usize, ShapeRef)> {
        let id = self.placeholder_object(self.get(payload))?;
        match self.object_state(id) {
            ObjectState::Virtual(shape) => Some((id, shape)),
            _ => None,
        }
    }

    /// The virtual object (on the current path) whose placeholder is the SSA value `p`.
    pub(super) fn virtual_payload(&self, p: ir::Value) -> Option<usize> {
        let id = self.placeholder_object(p)?;
        matches!(self.object_state(id), ObjectState::Virtual(_)).then_some(id)
    }

    /// Whether the current path holds a virtual object.
    pub(super) fn has_virtuals(&self) -> bool {
        self.frame.spills.objects.iter().any(|s| matches!(s, ObjectState::Virtual(_)))
    }

    /// The SSA value of `handle` where an operation needs it: a virtual object's address
    /// (materializing it on the current path), or the value itself.
    pub(super) fn resolve(&mut self, handle: IrValue) -> ir::Value {
        let v = self.get(handle);
        self.resolve_value(v)
    }

    /// `resolve` on an SSA value.
    pub(super) fn resolve_value(&mut self, v: ir::Value) -> ir::Value {
        let Some(id) = self.placeholder_object(v) else { return v };
        match self.object_state(id) {
            ObjectState::Virtual(_) => self.materialize(id),
            ObjectState::Materialized => self.b.use_var(self.virtuals.objects[id].pointer),
            ObjectState::Dead => {
                self.fail("a virtual object used on a path it does not exist on");
                self.iconst(0)
            }
        }
    }

    /// The tag and payload of `v` where an operation needs them (see [`Evaluator::resolve`]).
    pub(super) fn handles_of(&mut self, v: SValue) -> (ir::Value, ir::Value) {
        let t = self.get(v.tag);
        let t = self.tag_handle(t);
        (t, self.resolve(v.payload))
    }

    /// A new virtual object of `shape`, every slot `Null`: its value (a placeholder payload).
    pub(super) fn new_virtual(&mut self, shape: ShapeRef) -> SValue {
        let placeholder = {
            use cranelift_codegen::cursor::{Cursor, FuncCursor};
            let entry = self.b.func.layout.entry_block().expect("the unit has an entry block");
            FuncCursor::new(self.b.func).at_first_insertion_point(entry).ins().iconst(I64, 0)
        };
        let pointer = self.b.declare_var(I64);
        let null_tag = self.iconst(Value::Null.tag().bits() as i64);
        let null_payload = self.iconst(Value::Null.payload_bits() as i64);
        let slots = (0..INLINE_SLOTS)
            .map(|_| {
                let (t, p) = (self.b.declare_var(I64), self.b.declare_var(I64));
                self.b.def_var(t, null_tag);
                self.b.def_var(p, null_payload);
                (t, p)
            })
            .collect();
        let id = self.virtuals.objects.len();
        self.virtuals.objects.push(VirtualObject { placeholder, pointer, slots });
        self.virtuals.by_placeholder.insert(placeholder, id);
        let objects = &mut self.frame.spills.objects;
        if objects.len() <= id {
            objects.resize(id + 1, ObjectState::Dead);
        }
        objects[id] = ObjectState::Virtual(shape);
        let object_slots = &mut self.frame.spills.object_slots;
        if object_slots.len() <= id {
            object_slots.resize(id + 1, Default::default());
        }
        object_slots[id] = [Some((null_tag, null_payload)); INLINE_SLOTS];
        let tag = self.iconst(Tag::Object.bits() as i64);
        SValue { tag: self.v(tag), payload: self.v(placeholder) }
    }

    /// The inline slot index of `location`, when it is inline.
    fn inline_index(location: Location) -> Option<usize> {
        match location.address() {
            SlotAddress::Inline { offset } => {
                Some(((offset - DynamicObject::INLINE_OFFSET) / Value::SIZE_BYTES as i32) as usize)
            }
            SlotAddress::Extension { .. } => None,
        }
    }

    /// `load_slot` of virtual object `id`: the slot's values. `None`: not an inline slot.
    pub(super) fn load_virtual_slot(&mut self, id: usize, location: Location) -> Option<SValue> {
        let s = Self::inline_index(location).filter(|&s| s < INLINE_SLOTS)?;
        let (t, p) = self.object_slot(id, s);
        Some(SValue { tag: self.v(t), payload: self.v(p) })
    }

    /// What inline slot `s` of virtual object `id` holds on the current path.
    fn object_slot(&mut self, id: usize, s: usize) -> (ir::Value, ir::Value) {
        if let Some(Some(v)) = self.frame.spills.object_slots.get(id).map(|slots| slots[s]) {
            return v;
        }
        let (tv, pv) = self.virtuals.objects[id].slots[s];
        let v = (self.b.use_var(tv), self.b.use_var(pv));
        self.set_object_slot(id, s, v);
        v
    }

    /// Makes inline slot `s` of virtual object `id` hold `v` on the current path.
    fn set_object_slot(&mut self, id: usize, s: usize, v: (ir::Value, ir::Value)) {
        let (tv, pv) = self.virtuals.objects[id].slots[s];
        self.b.def_var(tv, v.0);
        self.b.def_var(pv, v.1);
        let object_slots = &mut self.frame.spills.object_slots;
        if object_slots.len() <= id {
            object_slots.resize(id + 1, Default::default());
        }
        object_slots[id][s] = Some(v);
    }

    /// `store_slot` into virtual object `id`. Returns false when `location` is not an inline
    /// slot (the caller materializes the object).
    pub(super) fn store_virtual_slot(&mut self, id: usize, location: Location, v: SValue) -> bool {
        let Some(s) = Self::inline_index(location).filter(|&s| s < INLINE_SLOTS) else {
            return false;
        };
        let t = self.get(v.tag);
        let p = self.keepable(v.payload);
        self.set_object_slot(id, s, (t, p));
        true
    }

    /// The SSA value to keep for `payload` in a variable (a local, a virtual object's slot):
    /// a virtual object's placeholder stays one, any other value is resolved.
    pub(super) fn keepable(&mut self, payload: IrValue) -> ir::Value {
        if self.virtual_object(payload).is_some() {
            self.get(payload)
        } else {
            self.resolve(payload)
        }
    }

    pub(super) fn set_virtual_shape(&mut self, id: usize, shape: ShapeRef) {
        self.frame.spills.objects[id] = ObjectState::Virtual(shape);
    }

    /// Materializes virtual object `id` on the current path: allocates it, stores its slots
    /// (materializing the virtual objects they hold), and makes the locals and virtual slots
    /// holding its placeholder hold its address. Returns the address.
    fn materialize(&mut self, id: usize) -> ir::Value {
        let ObjectState::Virtual(shape) = self.object_state(id) else {
            return self.resolve_value(self.virtuals.objects[id].placeholder);
        };
        let slots: Vec<(ir::Value, ir::Value)> = (0..INLINE_SLOTS).map(|s| self.object_slot(id, s)).collect();
        let address = self.allocate(shape);
        self.b.def_var(self.virtuals.objects[id].pointer, address);
        self.frame.spills.objects[id] = ObjectState::Materialized;
        let placeholder = self.virtuals.objects[id].placeholder;
        self.replace_placeholder(placeholder, address);
        let null = (Value::Null.tag().bits() as i64, Value::Null.payload_bits() as i64);
        let flags = MemFlagsData::trusted();
        for (i, (t, p)) in slots.into_iter().enumerate().take(shape.property_count().min(INLINE_SLOTS)) {
            if self.known(t) == Some(null.0) && self.known(p) == Some(null.1) {
                continue; // the image's `Null`
            }
            let p = self.resolve_value(p);
            let offset = DynamicObject::INLINE_OFFSET + i as i32 * Value::SIZE_BYTES as i32;
            self.b.ins().store(flags, t, address, offset + Value::TAG_OFFSET);
            self.b.ins().store(flags, p, address, offset + Value::PAYLOAD_OFFSET);
        }
        address
    }

    /// After materializing the object of `placeholder` at `address`: the locals and the
    /// virtual objects' slots that held the placeholder hold the address.
    fn replace_placeholder(&mut self, placeholder: ir::Value, address: ir::Value) {
        for i in 0..self.frame.locals.len() {
            let p = self.local_payload(i);
            if p == placeholder {
                let (tv, pv) = self.frame.locals[i];
                let t = self.b.use_var(tv);
                self.b.def_var(pv, address);
                self.frame.spills.values[i] = Some((t, address));
            }
        }
        for k in 0..self.virtuals.objects.len() {
            if !matches!(self.object_state(k), ObjectState::Virtual(_)) {
                continue;
            }
            for s in 0..INLINE_SLOTS {
                let (t, p) = self.object_slot(k, s);
                if p == placeholder {
                    self.set_object_slot(k, s, (t, address));
                }
            }
        }
    }

    /// The payload SSA value local `i` holds on the current path.
    fn local_payload(&mut self, i: usize) -> ir::Value {
        match self.frame.spills.values[i] {
            Some((_, p)) => p,
            None => self.b.use_var(self.frame.locals[i].1),
        }
    }

    /// At a loop's entry, when the loop may keep objects virtual: every object virtual here,
    /// with what holds it. The loop speculates that they stay virtual, held as here, through
    /// every iteration: its header takes that for known ([`Evaluator::enter_loop_keeping`])
    /// and its back edge checks it ([`Evaluator::kept_objects_agree`]).
    pub(super) fn objects_kept_through_loop(&mut self, osr: &bonsai::osr::OsrPoint) -> Vec<KeptObject> {
        let mut kept = Vec::new();
        for id in 0..self.frame.spills.objects.len() {
            let ObjectState::Virtual(shape) = self.object_state(id) else { continue };
            let placeholder = self.virtuals.objects[id].placeholder;
            let mut locals = Vec::new();
            for i in 0..self.frame.locals.len() {
                if self.local_payload(i) == placeholder {
                    let t = match self.frame.spills.values[i] {
                        Some((t, _)) => t,
                        None => self.b.use_var(self.frame.locals[i].0),
                    };
                    locals.push((i, t));
                }
            }
            kept.push(KeptObject { id, shape, placeholder, locals, slots: [None; INLINE_SLOTS] });
        }
        for k in kept.iter_mut() {
            for s in 0..INLINE_SLOTS {
                let v = self.object_slot(k.id, s);
                let invariant = match self.invariant_slot(v) {
                    Some(Invariant::Constant(..)) if osr.slot_varies(k.shape, s) => None,
                    i => i,
                };
                k.slots[s] = invariant.map(|i| (i, v));
            }
        }
        kept
    }

    /// What a slot holding `v` (tag and payload SSA values) is taken as through a loop.
    fn invariant_slot(&self, v: (ir::Value, ir::Value)) -> Option<Invariant> {
        if let Some(z) = self.virtual_payload(v.1) {
            return Some(Invariant::Object(z));
        }
        let (t, p) = (self.known(v.0)?, self.known(v.1)?);
        let number = t == Tag::Int.bits() as i64 || t == Tag::Double.bits() as i64;
        (!number).then_some(Invariant::Constant(t, p))
    }

    /// At the header of a loop keeping `kept` virtual (after the spills were forgotten): the
    /// locals and slots that held a kept object at the entry hold it (reads of them are its
    /// placeholder, not a merged value); the other slots of the kept objects are their
    /// variables' values, merged with the back edges'.
    pub(super) fn enter_loop_keeping(&mut self, kept: &[KeptObject]) {
        for k in kept {
            for &(i, t) in &k.locals {
                self.frame.spills.values[i] = Some((t, k.placeholder));
            }
            if let Some(slots) = self.frame.spills.object_slots.get_mut(k.id) {
                for (slot, kept) in slots.iter_mut().zip(&k.slots) {
                    *slot = kept.map(|(_, v)| v);
                }
            }
        }
    }

    /// At the back edge of a loop keeping `kept` virtual: whether the speculation holds on
    /// this path — every kept object still virtual with its shape, held by the same locals
    /// and slots as at the entry and by no other, its invariant slots unchanged. An object made
    /// in the loop that a kept object's slot holds is materialized first (the slot's value
    /// then merges at the header as an address). On a disagreement the back edge must not
    /// reach the header.
    pub(super) fn kept_objects_agree(&mut self, kept: &[KeptObject]) -> Result<(), Disagreement> {
        let still_virtual = |e: &Self| {
            kept.iter()
                .all(|k| matches!(e.object_state(k.id), ObjectState::Virtual(s) if std::ptr::eq(s, k.shape)))
        };
        if !still_virtual(self) {
            return Err(Disagreement::Escaped);
        }
        for k in kept {
            for s in 0..INLINE_SLOTS {
                let v = self.object_slot(k.id, s);
                let now = self.invariant_slot(v);
                match (k.slots[s], now) {
                    (Some((before, _)), Some(now)) if before == now => {}
                    (Some((Invariant::Constant(..), _)), _) => {
                        return Err(Disagreement::SlotVaries(k.shape, s))
                    }
                    (Some(_), _) => return Err(Disagreement::Escaped),
                    (None, Some(Invariant::Object(w))) if kept.iter().any(|o| o.id == w) => {
                        return Err(Disagreement::Escaped)
                    }
                    (None, Some(Invariant::Object(w))) => {
                        self.materialize(w);
                    }
                    (None, _) => {}
                }
            }
        }
        // Materializing stores the object's slots: a kept object one held escaped with it.
        if !still_virtual(self) {
            return Err(Disagreement::Escaped);
        }
        for i in 0..self.frame.locals.len() {
            let p = self.local_payload(i);
            let now = kept.iter().position(|k| k.placeholder == p);
            let before = kept.iter().position(|k| k.locals.iter().any(|&(j, _)| j == i));
            if now != before {
                return Err(Disagreement::Escaped);
            }
        }
        Ok(())
    }

    /// Materializes every object virtual on the current path (before a loop's entry).
    pub(super) fn materialize_all(&mut self) {
        for id in 0..self.frame.spills.objects.len() {
            if matches!(self.object_state(id), ObjectState::Virtual(_)) {
                self.materialize(id);
            }
        }
    }

    /// Materializes the virtual objects the locals hold (a safepoint, a transfer, an OSR
    /// exit: the frame in memory must hold them).
    pub(super) fn materialize_locals(&mut self) {
        if !self.has_virtuals() {
            return;
        }
        for i in 0..self.frame.locals.len() {
            let p = self.local_payload(i);
            if let Some(id) = self.placeholder_object(p) {
                if matches!(self.object_state(id), ObjectState::Virtual(_)) {
                    self.materialize(id);
                }
            }
        }
    }

    /// At a loop's back edge (the loop of `osr`, in the innermost activation): a local of the
    /// activation holding a virtual object is set to `null` when no path from the loop's
    /// header reads it before writing it ([`bonsai::exec::liveness`]), and the object
    /// materialized otherwise (as are objects any other local holds) — except the objects
    /// the loop keeps virtual (`kept`, checked before).
    pub(super) fn drop_dead_objects(&mut self, osr: *const bonsai::osr::OsrPoint, kept: &[KeptObject]) {
        if !self.has_virtuals() {
            return;
        }
        let act = self.current();
        let (base, count, target) = (act.slot_base, act.slot_count, act.call_target);
        let index = self.liveness_index(target);
        for i in 0..self.frame.locals.len() {
            let p = self.local_payload(i);
            let Some(id) = self.placeholder_object(p) else { continue };
            if !matches!(self.object_state(id), ObjectState::Virtual(_)) || kept.iter().any(|k| k.id == id) {
                continue;
            }
            let slot = bonsai::frame::FrameSlot((i - base) as u32);
            // SAFETY: `osr` is the loop node's, which lives as long as its tree (the process).
            let dead = (base..base + count).contains(&i)
                && !self.virtuals.liveness[index].1.is_live_at_header(unsafe { &*osr }, slot);
            if dead {
                let (tv, pv) = self.frame.locals[i];
                let t = self.iconst(Value::Null.tag().bits() as i64);
                let p = self.iconst(Value::Null.payload_bits() as i64);
                self.b.def_var(tv, t);
                self.b.def_var(pv, p);
                self.frame.spills.values[i] = Some((t, p));
            } else {
                self.materialize(id);
            }
        }
    }

    /// The index in the unit's liveness cache of `target`'s loop liveness (computed on first
    /// use, for the tree's current state).
    pub(super) fn liveness_index(&mut self, target: &'static bonsai::call::CallTarget) -> usize {
        match self.virtuals.liveness.iter().position(|(t, _)| std::ptr::eq(*t, target)) {
            Some(i) => i,
            None => {
                self.virtuals.liveness.push((target, target.loop_liveness()));
                self.virtuals.liveness.len() - 1
            }
        }
    }

    /// At a loop's header (the loop of `osr`, in the innermost activation), after the spills
    /// were forgotten: the locals no write in the loop assigns (those of the enclosing
    /// activations, and the activation's own the liveness domain finds unwritten) hold their
    /// entry values throughout the loop, so the header keeps what `entry` knew of them (their
    /// SSA values and what their memory holds), and the tags conditions established before
    /// the loop (an SSA value's tag never changes). A loop-invariant local is then one SSA
    /// value inside the loop, and a tag test made before the loop is not repeated in it.
    pub(super) fn keep_loop_invariants(&mut self, osr: &bonsai::osr::OsrPoint, entry: &super::frame::Spills) {
        let act = self.current();
        let (base, count, target) = (act.slot_base, act.slot_count, act.call_target);
        let index = self.liveness_index(target);
        for i in 0..self.frame.locals.len() {
            if self.frame.captured[i] || self.frame.pinned[i] {
                continue;
            }
            let own = (base..base + count).contains(&i);
            if own
                && self.virtuals.liveness[index]
                    .1
                    .is_written_in_loop(osr, bonsai::frame::FrameSlot((i - base) as u32))
            {
                continue;
            }
            self.frame.spills.values[i] = entry.values[i];
            self.frame.spills.slots[i] = entry.slots[i];
        }
        self.frame.spills.facts.tags = entry.facts.tags.clone();
    }

    /// Leaves the current path for `target`, a block with several predecessors, carrying
    /// `value` (`target`'s parameters): directly when the path holds no virtual object,
    /// otherwise through an edge block filled by [`Evaluator::merge_edges`]. `None`: the path
    /// had ended.
    pub(super) fn edge_jump(&mut self, target: Block, value: Option<SValue>) -> Option<Edge> {
        if self.control.terminated {
            return None;
        }
        if self.in_dead_block() {
            // Unreachable code (after a `return`): it ends here, and is no edge of `target`.
            self.b.ins().trap(ir::TrapCode::unwrap_user(1));
            self.control.terminated = true;
            return None;
        }
        if self.has_virtuals() {
            let block = self.b.create_block();
            if self.b.func.layout.is_cold(self.b.current_block().expect("a current block")) {
                self.b.set_cold_block(block);
            }
            self.jump(block, &[]);
            return Some(Edge { block: Some(block), spills: self.frame.spills.clone(), value });
        }
        let args = match value {
            Some(v) => {
                let (t, p) = self.handles_of(v);
                vec![t, p]
            }
            None => Vec::new(),
        };
        self.jump(target, &args);
        Some(Edge { block: None, spills: self.frame.spills.clone(), value })
    }

    /// `edge_jump` for a conditional branch: to `target` when `cond` is false, on to a new
    /// block otherwise (a guard's failure, a loop's exit); the edge block is `cold` or not.
    pub(super) fn edge_branch_unless(&mut self, cond: ir::Value, target: Block, cold: bool) -> Option<Edge> {
        if self.control.terminated {
            return None;
        }
        let cont = self.b.create_block();
        let edge = if self.has_virtuals() {
            let block = self.b.create_block();
            if cold {
                self.b.set_cold_block(block);
            }
            Edge { block: Some(block), spills: self.frame.spills.clone(), value: None }
        } else {
            Edge { block: None, spills: self.frame.spills.clone(), value: None }
        };
        let to = edge.block.unwrap_or(target);
        match (self.values.negations.get(&cond), self.values.conjunctions.get(&cond)) {
            (Some(&negated), _) => {
                self.b.ins().brif(negated, to, &[], cont, &[]);
            }
            // Both operands of an `and` (two tag tests, typically) branch on their own: a
            // compare and a branch each, where the `and` of two flags took two `set`s and a
            // `test` more on x86-64.
            (None, Some(&(x, y))) => {
                let second = self.b.create_block();
                self.b.ins().brif(x, second, &[], to, &[]);
                self.b.switch_to_block(second);
                self.b.ins().brif(y, cont, &[], to, &[]);
            }
            (None, None) => {
                self.b.ins().brif(cond, cont, &[], to, &[]);
            }
        };
        self.b.switch_to_block(cont);
        Some(edge)
    }

    /// Enters `target`, reached by `edges`: decides which virtual objects stay virtual (those
    /// virtual with the same shape on every edge, held by the same locals and slots on every
    /// edge), materializes the others in the edge blocks, and jumps from them to `target`.
    /// The current path is then `target`'s, with the intersection of the edges' states.
    /// Returns the value carried: one edge's value when it is the only edge or a virtual
    /// object kept, else `target`'s parameters (`None` without a value).
    pub(super) fn merge_edges(&mut self, target: Block, edges: Vec<Edge>) -> Option<SValue> {
        self.merge_edges_leaving(target, edges, None)
    }

    /// [`Evaluator::merge_edges`] at the end of a region whose own objects — those made in it,
    /// from index `scope` on — nothing outside it holds except through the merged state (the
    /// locals, the value, the objects kept): an object of the region that an edge's state does
    /// not reach is dropped on that edge rather than materialized (e.g. the objects of the
    /// inlined activations a caught non-local transfer left).
    pub(super) fn merge_edges_leaving(
        &mut self,
        target: Block,
        edges: Vec<Edge>,
        scope: Option<usize>,
    ) -> Option<SValue> {
        let (slots, words) = (self.frame.locals.len(), self.frame.words.len());
        if edges.is_empty() {
            self.enter_unreachable(target);
            return None;
        }
        if edges.len() == 1 {
            // The edge dominates `target`: its state and value hold there, and its edge block,
            // if any, is where the code goes on (`target` is then never entered).
            let edge = edges.into_iter().next().expect("one edge");
            self.frame.spills = edge.spills;
            self.b.switch_to_block(edge.block.unwrap_or(target));
            self.control.terminated = false;
            return edge.value;
        }
        // Which objects can stay virtual.
        let count = edges.iter().map(|e| e.spills.objects.len()).max().unwrap_or(0);
        let mut kept: Vec<Option<ShapeRef>> = (0..count)
            .map(|id| {
                let first = edges[0].spills.objects.get(id).copied();
                match first {
                    Some(ObjectState::Virtual(shape))
                        if edges.iter().all(|e| e.spills.objects.get(id) == first.as_ref()) =>
                    {
                        Some(shape)
                    }
                    _ => None,
                }
            })
            .collect();
        // What each edge's locals, kept objects' slots and value hold (payloads). (`null`, the
        // SSA value 0 defined on entry, stands for what is not a placeholder: `iconst` would
        // open a block.)
        let zero = self.get(IrValue(0));
        let mut held: Vec<Vec<ir::Value>> = Vec::with_capacity(edges.len());
        for edge in &edges {
            let mut h = Vec::new();
            if let Some(block) = edge.block {
                self.b.switch_to_block(block);
                for i in 0..slots {
                    h.push(match edge.spills.values[i] {
                        Some((_, p)) => p,
                        None => self.b.use_var(self.frame.locals[i].1),
                    });
                }
                for id in 0..count {
                    let virtual_here = matches!(edge.spills.objects.get(id), Some(ObjectState::Virtual(_)));
                    for s in 0..INLINE_SLOTS {
                        let known = edge.spills.object_slots.get(id).and_then(|slots| slots[s]);
                        h.push(match (virtual_here, known) {
                            (false, _) => zero,
                            (true, Some((_, p))) => p,
                            (true, None) => self.b.use_var(self.virtuals.objects[id].slots[s].1),
                        });
                    }
                }
            } else {
                // No virtual object on this path: nothing it holds is a placeholder.
                h.resize(slots + count * INLINE_SLOTS, zero);
            }
            h.push(match edge.value {
                Some(v) => self.get(v.payload),
                None => zero,
            });
            held.push(h);
        }
        // An object stays virtual only if every edge agrees on what holds it, and no object
        // materialized on an edge holds it (materializing that one stores this one).
        loop {
            let mut changed = false;
            for h in &held {
                for id in 0..count {
                    if kept[id].is_some() {
                        continue;
                    }
                    for &v in &h[slots + id * INLINE_SLOTS..slots + (id + 1) * INLINE_SLOTS] {
                        if let Some(inner) = self.placeholder_object(v) {
                            changed |= kept[inner].take().is_some();
                        }
                    }
                }
            }
            for place in 0..held[0].len() {
                let first = held[0][place];
                if held.iter().all(|h| h[place] == first) {
                    continue;
                }
                for h in &held {
                    if let Some(id) = self.placeholder_object(h[place]) {
                        if kept[id].take().is_some() {
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Fill the edge blocks: materialize what is not kept (or drop what the edge's state
        // does not reach, of the region's own objects), carry the value.
        let mut merged = None;
        let mut value_kept = None;
        for (edge, h) in edges.into_iter().zip(&held) {
            let mut spills = edge.spills;
            if let Some(block) = edge.block {
                self.b.switch_to_block(block);
                self.control.terminated = false;
                self.frame.spills = spills;
                let reached = scope.map(|_| self.reached_objects(h, slots, count, &kept));
                for (id, k) in kept.iter().enumerate() {
                    if k.is_none() && matches!(self.object_state(id), ObjectState::Virtual(_)) {
                        let unreached = reached.as_ref().is_some_and(|r| !r[id]);
                        if unreached && scope.is_some_and(|first| id >= first) {
                            self.frame.spills.objects[id] = ObjectState::Dead;
                        } else {
                            self.materialize(id);
                        }
                    }
                }
                match edge.value {
                    Some(v) if self.virtual_object(v.payload).is_some() => {
                        // A kept object (the same on every edge): the value is its placeholder.
                        value_kept = Some(v);
                        let t = self.get(v.tag);
                        let p = self.get(v.payload);
                        self.jump(target, &[t, p]);
                    }
                    value => self.jump_with(target, value),
                }
                spills = std::mem::take(&mut self.frame.spills);
            }
            merged = Some(match merged {
                None => spills,
                Some(m) => super::frame::Spills::intersect(Some(m), Some(spills), slots, words),
            });
        }
        self.b.switch_to_block(target);
        self.control.terminated = false;
        self.frame.spills = merged.unwrap_or_else(|| super::frame::Spills::cleared(slots, words));
        if let Some(v) = value_kept {
            return Some(v);
        }
        None
    }

    /// The objects an edge's state reaches, by index: from its locals, its value and the
    /// slots of the objects kept, through the slots of the objects reached (`held` is the
    /// edge's row of payloads, as `merge_edges` lays it out).
    fn reached_objects(
        &self,
        held: &[ir::Value],
        slots: usize,
        count: usize,
        kept: &[Option<ShapeRef>],
    ) -> Vec<bool> {
        let mut reached = vec![false; count];
        let object_slots = |id: usize| slots + id * INLINE_SLOTS..slots + (id + 1) * INLINE_SLOTS;
        let mut roots: Vec<ir::Value> = held[..slots].to_vec();
        roots.extend(held.last().copied());
        for (id, k) in kept.iter().enumerate() {
            if k.is_some() {
                roots.extend_from_slice(&held[object_slots(id)]);
            }
        }
        while let Some(v) = roots.pop() {
            if let Some(id) = self.placeholder_object(v) {
                if id < count && !reached[id] {
                    reached[id] = true;
                    roots.extend_from_slice(&held[object_slots(id)]);
                }
            }
        }
        reached
    }

    /// Jumps to `target` with `value` as its parameters.
    fn jump_with(&mut self, target: Block, value: Option<SValue>) {
        match value {
            Some(v) => {
                let (t, p) = self.handles_of(v);
                self.jump(target, &[t, p]);
            }
            None => self.jump(target, &[]),
        }
    }

    /// Enters `target`, which no path reaches: what follows is unreachable.
    fn enter_unreachable(&mut self, target: Block) {
        self.b.switch_to_block(target);
        self.forget_spills();
        self.frame.spills.record_linked = false;
        self.control.terminated = true;
    }
}
