//! Frames and spills: every activation's slots and assigned words as SSA variables (frames
//! are virtual), their activation records in memory, safepoints that make the records
//! current before a call, and the OSR write-back.

use super::unit::UnitKind;
use super::virtuals::{ObjectSlots, ObjectState};
use super::{Evaluator, I64};
use bonsai::call::CallTarget;
use bonsai::context::{Activation, ExecContext};
use bonsai::exec::SValue;
use bonsai::frame::{assigned_words, FrameSlot, SlotKind};
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind};
use cranelift_frontend::{FunctionBuilder, Variable};

/// The stack memory of an activation record with its slot memory and assigned words: the
/// addresses of the record, its slots and its assigned words.
pub(super) fn record_area(
    b: &mut FunctionBuilder<'_>,
    slot_count: usize,
) -> (ir::Value, ir::Value, ir::Value) {
    let word_count = assigned_words(slot_count);
    let size = Activation::SIZE_BYTES + slot_count as u32 * Value::SIZE_BYTES + word_count as u32 * 8;
    let area = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
    let record = b.ins().stack_addr(I64, area, 0);
    let slots = b.ins().iadd_imm_s(record, i64::from(Activation::SIZE_BYTES));
    let assigned = b.ins().iadd_imm_s(slots, slot_count as i64 * i64::from(Value::SIZE_BYTES));
    (record, slots, assigned)
}

/// An activation record's header as SSA values: where the record is, and what its header
/// holds (its parent and call target; its frame follows it).
#[derive(Clone, Copy)]
pub(super) struct RecordHeader {
    pub(super) record: ir::Value,
    pub(super) parent: ir::Value,
    pub(super) target: ir::Value,
}

impl RecordHeader {
    /// Stores the header into the record: the parent and the target, tagged with
    /// `Activation::INLINE_FRAME` (the slots and assigned words follow the header, see
    /// `record_area`).
    pub(super) fn write(&self, b: &mut FunctionBuilder<'_>) {
        let flags = MemFlagsData::trusted();
        b.ins().store(flags, self.parent, self.record, Activation::PARENT_OFFSET);
        let tagged = b.ins().bor_imm_s(self.target, Activation::INLINE_FRAME as i64);
        b.ins().store(flags, tagged, self.record, Activation::TARGET_OFFSET);
    }
}

/// What the activation's slot memory is known to hold at the current point of the code: per
/// slot the (tag, payload) SSA values last stored there, per assigned word the value last
/// stored. A safepoint stores only what differs. Valid along straight-line code and into
/// dominated blocks; intersected at branch joins and forgotten at other merges.
///
/// Along the same paths it also keeps the SSA values each slot and assigned word holds, and
/// the facts conditions established.
#[derive(Clone, Default)]
pub(super) struct Spills {
    pub(super) slots: Vec<Option<(ir::Value, ir::Value)>>,
    pub(super) words: Vec<Option<ir::Value>>,
    /// Per slot, the SSA values it holds (last written, read or checked along dominating
    /// code): a read returns them, so the same local read twice is the same SSA value, a
    /// constant tag (written, or a pinned slot's) stays known, and what a condition
    /// established about the value (see `facts`) holds for the second read too.
    pub(super) values: Vec<Option<(ir::Value, ir::Value)>>,
    /// Per assigned word, the SSA value its variable holds (as `values` for slots).
    pub(super) word_values: Vec<Option<ir::Value>>,
    /// The tags and shapes conditions established (see [`Facts`](super::values::Facts)).
    pub(super) facts: super::values::Facts,
    /// What each object the unit allocated is on this path, by index (see
    /// [`virtuals`](super::virtuals); missing: not made on this path).
    pub(super) objects: Vec<ObjectState>,
    /// Per object virtual on this path, the SSA values its inline slots hold (as `values`
    /// for the locals; `None`: read the slot's variable).
    pub(super) object_slots: Vec<ObjectSlots>,
    /// Whether the unit's own activation record is written and linked on this path (root
    /// units link it lazily, at the first safepoint, loop or transfer point that needs it:
    /// code that reaches none never writes it). Once true along a path it stays true.
    pub(super) record_linked: bool,
    /// Whether guest code may have run on this path (a call or a boundary) since the unit
    /// last checked that its code is still valid (or since a root unit was entered): the
    /// inlined calls then check first (see `Evaluator::inline_call`).
    pub(super) unchecked_safepoint: bool,
    /// The deepest call depth, as the unit's entry depth plus this many levels, that this path
    /// checked against the context's depth limit (0: none). Calls and inlined calls that deep
    /// or less skip the check: neither the depths nor the limit change within a unit.
    pub(super) depth_checked: usize,
    /// Whether this path checked the native stack pointer against the context's stack limit
    /// for a call: the unit's frame is fixed, so later calls skip it.
    pub(super) stack_checked: bool,
}

impl Spills {
    pub(super) fn cleared(slots: usize, words: usize) -> Spills {
        Spills {
            slots: vec![None; slots],
            words: vec![None; words],
            values: vec![None; slots],
            word_values: vec![None; words],
            facts: super::values::Facts::default(),
            objects: Vec::new(),
            object_slots: Vec::new(),
            record_linked: false,
            unchecked_safepoint: false,
            depth_checked: 0,
            stack_checked: false,
        }
    }

    /// Room for the slots and words of an activation entered inline, its slots holding
    /// `null` (the SSA value both their tag and payload variables start with).
    pub(super) fn extend(&mut self, slots: usize, words: usize, null: ir::Value) {
        self.slots.resize(self.slots.len() + slots, None);
        self.words.resize(self.words.len() + words, None);
        self.values.resize(self.values.len() + slots, Some((null, null)));
        self.word_values.resize(self.word_values.len() + words, None);
    }

    /// Forgets the slots from `slots` and the words from `words` on: those of activations
    /// inlined into the one a path leaves for (see `Evaluator::jump_out_to_catch`).
    pub(super) fn truncate(&mut self, slots: usize, words: usize) {
        self.slots.truncate(slots);
        self.values.truncate(slots);
        self.words.truncate(words);
        self.word_values.truncate(words);
    }

    pub(super) fn intersect(a: Option<Spills>, b: Option<Spills>, slots: usize, words: usize) -> Spills {
        match (a, b) {
            (Some(mut a), Some(b)) => {
                for (x, y) in a.slots.iter_mut().zip(&b.slots) {
                    if *x != *y {
                        *x = None;
                    }
                }
                for (x, y) in a.words.iter_mut().zip(&b.words) {
                    if *x != *y {
                        *x = None;
                    }
                }
                for (x, y) in a.values.iter_mut().zip(&b.values) {
                    if *x != *y {
                        *x = None;
                    }
                }
                for (x, y) in a.word_values.iter_mut().zip(&b.word_values) {
                    if *x != *y {
                        *x = None;
                    }
                }
                a.facts.intersect(&b.facts);
                a.record_linked &= b.record_linked;
                a.unchecked_safepoint |= b.unchecked_safepoint;
                a.depth_checked = a.depth_checked.min(b.depth_checked);
                a.stack_checked &= b.stack_checked;
                // The merge materialized what the paths disagreed on (`merge_edges`); an object
                // made on one path only does not exist after it.
                a.objects.resize(a.objects.len().max(b.objects.len()), ObjectState::Dead);
                for (i, x) in a.objects.iter_mut().enumerate() {
                    if b.objects.get(i) != Some(x) {
                        *x = ObjectState::Dead;
                    }
                }
                a.object_slots.resize(a.objects.len(), Default::default());
                for (i, x) in a.object_slots.iter_mut().enumerate() {
                    let y = b.object_slots.get(i).copied().unwrap_or_default();
                    for (v, w) in x.iter_mut().zip(y) {
                        if *v != w {
                            *v = None;
                        }
                    }
                }
                a
            }
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => Spills::cleared(slots, words),
        }
    }
}

/// An activation the unit runs: the unit's own (the first) and one per call inlined into it,
/// innermost last. Each has its record in memory (see [`bonsai::context`]), so stack walks see
/// inlined activations like any other. Its slots are `locals[slot_base..][..slot_count]`,
/// its assigned words `words[word_base..][..assigned_words(slot_count)]`.
pub(super) struct ActivationState {
    pub(super) call_target: &'static CallTarget,
    /// `call_target`'s address.
    pub(super) target: ir::Value,
    /// The arguments of an inlined call; `None`: the unit's parameters.
    pub(super) arguments: Option<Vec<SValue>>,
    /// The record's address (OSR units: the interpreter's record).
    pub(super) record: ir::Value,
    /// The record of the activation below (the caller's).
    pub(super) parent: ir::Value,
    pub(super) slot_base: usize,
    pub(super) slot_count: usize,
    pub(super) word_base: usize,
    pub(super) slots: ir::Value,
    pub(super) assigned: ir::Value,
}

impl ActivationState {
    /// The record's header (see [`RecordHeader`]).
    pub(super) fn header(&self) -> RecordHeader {
        RecordHeader { record: self.record, parent: self.parent, target: self.target }
    }

    pub(super) fn word_count(&self) -> usize {
        assigned_words(self.slot_count)
    }
}

/// The frames of a unit's activations (see [`ActivationState`]).
pub(super) struct FrameState {
    /// Tag and payload variables of every slot of every activation.
    pub(super) locals: Vec<(Variable, Variable)>,
    /// Per assigned word of every activation, its SSA variable.
    pub(super) words: Vec<Variable>,
    /// Per slot of every activation, whether code outside it may write it.
    pub(super) captured: Vec<bool>,
    /// Per slot of every activation, whether an enclosing loop pinned its kind: the slot
    /// holds an `Int` throughout the loop, its tag a constant (see `pin_int_slots`).
    pub(super) pinned: Vec<bool>,
    pub(super) spills: Spills,
    /// The unit's own activation first, inlined ones after it, innermost last.
    pub(super) activations: Vec<ActivationState>,
}

/// This module's operations of [`CompileDomain`](bonsai::exec::CompileDomain) (documented
/// there; `Evaluator`'s trait impl forwards to them) and their helpers.
impl Evaluator<'_> {
    pub(super) fn current(&self) -> &ActivationState {
        &self.frame.activations[self.frame.activations.len() - 1]
    }

    /// The index in `locals` of `slot` of the innermost activation.
    pub(super) fn local_index(&self, slot: FrameSlot) -> Option<usize> {
        let a = self.current();
        let i = slot.0 as usize;
        (i < a.slot_count).then_some(a.slot_base + i)
    }

    /// Stores every slot and assigned word to the frame memory (OSR exits).
    pub(super) fn write_back_frame(&mut self) {
        if self.control.terminated {
            return;
        }
        if self.frame.activations.len() != 1 {
            self.fail("OSR exit inside an inlined call");
        }
        self.forget_spills();
        self.sync_frame(false);
    }

    /// A safepoint: makes the frame memory of every activation current before a call, storing
    /// the slots and assigned words that changed since they were last stored (see [`Spills`]).
    /// With `skip_unassigned`, slots whose assigned bit is known to be clear are not stored.
    pub(super) fn sync_frame(&mut self, skip_unassigned: bool) {
        // The frame in memory holds objects, not virtual ones.
        self.materialize_locals();
        self.store_frame(skip_unassigned);
    }

    /// [`Evaluator::sync_frame`] before a loop that keeps its objects virtual: the locals
    /// holding one are not stored (a transfer point inside the loop materializes and stores
    /// them; nothing else reads the frame memory before one).
    pub(super) fn sync_frame_keeping_virtuals(&mut self, skip_unassigned: bool) {
        self.store_frame(skip_unassigned);
    }

    /// The stores of [`Evaluator::sync_frame`], skipping locals that hold a virtual object.
    fn store_frame(&mut self, skip_unassigned: bool) {
        let flags = MemFlagsData::trusted();
        for a in 0..self.frame.activations.len() {
            let act = &self.frame.activations[a];
            let (slot_base, slot_count, word_base, word_count) =
                (act.slot_base, act.slot_count, act.word_base, act.word_count());
            let (slots, assigned) = (act.slots, act.assigned);
            for w in 0..word_count {
                let m = match self.frame.spills.word_values[word_base + w] {
                    Some(m) => m,
                    None => {
                        let m = self.b.use_var(self.frame.words[word_base + w]);
                        self.frame.spills.word_values[word_base + w] = Some(m);
                        m
                    }
                };
                let known = if skip_unassigned { self.known(m) } else { None };
                if self.frame.spills.words[word_base + w] != Some(m) {
                    self.b.ins().store(flags, m, assigned, w as i32 * 8);
                    self.frame.spills.words[word_base + w] = Some(m);
                }
                for i in w * 64..slot_count.min(w * 64 + 64) {
                    if known.is_some_and(|bits| bits & (1 << (i % 64)) == 0) {
                        continue;
                    }
                    let (t, p) = match self.frame.spills.values[slot_base + i] {
                        Some(v) => v,
                        None => {
                            let (tv, pv) = self.frame.locals[slot_base + i];
                            let v = (self.b.use_var(tv), self.b.use_var(pv));
                            self.frame.spills.values[slot_base + i] = Some(v);
                            v
                        }
                    };
                    if self.frame.spills.slots[slot_base + i] == Some((t, p))
                        || self.virtual_payload(p).is_some()
                    {
                        continue;
                    }
                    let off = i as i32 * Value::SIZE_BYTES as i32;
                    let tag = self.tag_handle(t);
                    self.b.ins().store(flags, tag, slots, off + Value::TAG_OFFSET);
                    self.b.ins().store(flags, p, slots, off + Value::PAYLOAD_OFFSET);
                    self.frame.spills.slots[slot_base + i] = Some((t, p));
                }
            }
        }
    }

    /// After a safepoint: rereads the captured slots (and their assigned words) of every
    /// activation, which code below the call may have written.
    pub(super) fn reload_captured(&mut self) {
        let flags = MemFlagsData::trusted();
        for a in 0..self.frame.activations.len() {
            let act = &self.frame.activations[a];
            let (slot_base, slot_count, word_base) = (act.slot_base, act.slot_count, act.word_base);
            let (slots, assigned) = (act.slots, act.assigned);
            for i in 0..slot_count {
                if !self.frame.captured[slot_base + i] {
                    continue;
                }
                let off = i as i32 * Value::SIZE_BYTES as i32;
                let t = self.b.ins().load(I64, flags, slots, off + Value::TAG_OFFSET);
                let p = self.b.ins().load(I64, flags, slots, off + Value::PAYLOAD_OFFSET);
                let (tv, pv) = self.frame.locals[slot_base + i];
                self.b.def_var(tv, t);
                self.b.def_var(pv, p);
                self.frame.spills.slots[slot_base + i] = Some((t, p));
                self.frame.spills.values[slot_base + i] = Some((t, p));
                let w = i / 64;
                let m = self.b.ins().load(I64, flags, assigned, w as i32 * 8);
                self.b.def_var(self.frame.words[word_base + w], m);
                self.frame.spills.words[word_base + w] = Some(m);
                self.frame.spills.word_values[word_base + w] = Some(m);
            }
        }
    }

    /// Forgets what the frame memory holds (entering a block with several predecessors), but
    /// not what the objects are.
    pub(super) fn forget_spills(&mut self) {
        let objects = std::mem::take(&mut self.frame.spills.objects);
        let object_slots = std::mem::take(&mut self.frame.spills.object_slots);
        let record_linked = self.frame.spills.record_linked;
        let unchecked_safepoint = self.frame.spills.unchecked_safepoint;
        let (depth_checked, stack_checked) =
            (self.frame.spills.depth_checked, self.frame.spills.stack_checked);
        self.frame.spills = Spills::cleared(self.frame.locals.len(), self.frame.words.len());
        self.frame.spills.objects = objects;
        self.frame.spills.object_slots = object_slots;
        // Whether the path checked is what it was: a loop's header is entered with its entry
        // state (its back edges check before they jump, or made no call).
        self.frame.spills.unchecked_safepoint = unchecked_safepoint;
        // Linking is never undone inside the unit: what held before holds on every later path.
        self.frame.spills.record_linked = record_linked;
        // Neither are checks (a loop header has its entry's).
        self.frame.spills.depth_checked = depth_checked;
        self.frame.spills.stack_checked = stack_checked;
    }

    pub(super) fn read_local(&mut self, slot: FrameSlot) -> SValue {
        self.open();
        match self.local_index(slot).map(|i| (i, self.frame.locals[i])) {
            Some((index, (tv, pv))) => {
                if let Some((t, p)) = self.frame.spills.values[index] {
                    return SValue { tag: self.v(t), payload: self.v(p) };
                }
                let (t, p) = (self.b.use_var(tv), self.b.use_var(pv));
                self.frame.spills.values[index] = Some((t, p));
                SValue { tag: self.v(t), payload: self.v(p) }
            }
            None => {
                self.fail("frame slot out of range");
                self.constant(Value::Null)
            }
        }
    }

    pub(super) fn write_local(&mut self, slot: FrameSlot, v: SValue) {
        self.open();
        match self.local_index(slot).map(|i| (i, self.frame.locals[i])) {
            Some((index, (tv, pv))) => {
                // A local may hold a virtual object, unless code outside the activation reads it.
                let mut t = self.get(v.tag);
                let p = if self.frame.captured[index] {
                    self.resolve(v.payload)
                } else {
                    self.keepable(v.payload)
                };
                if self.frame.pinned[index] && self.known(t) != Some(Tag::Int.bits() as i64) {
                    // A pinned slot stays an `Int` in the loop: another value deoptimizes
                    // (and the interpreter writes it).
                    let target = self.current().call_target;
                    t = self.expect_int_tag(
                        t,
                        slot,
                        "a write",
                        super::deopt::Learn::Generalize(target, slot),
                    );
                }
                self.frame.spills.values[index] = Some((t, p));
                self.b.def_var(tv, t);
                self.b.def_var(pv, p);
                if self.frame.pinned[index] {
                    // A pinned slot held an `Int` on loop entry: it is assigned already.
                    return;
                }
                let i = slot.0 as usize;
                let w = self.current().word_base + i / 64;
                let var = self.frame.words[w];
                let m = match self.frame.spills.word_values[w] {
                    Some(m) => m,
                    None => self.b.use_var(var),
                };
                let bit = 1i64 << (i % 64);
                let m = match self.known(m) {
                    Some(k) if k & bit != 0 => m, // assigned already
                    Some(k) => self.iconst(k | bit),
                    None => self.b.ins().bor_imm_s(m, bit),
                };
                self.b.def_var(var, m);
                self.frame.spills.word_values[w] = Some(m);
            }
            None => self.fail("frame slot out of range"),
        }
    }

    pub(super) fn argument(&mut self, index: usize) -> SValue {
        self.open();
        if let Some(arguments) = &self.current().arguments {
            return match arguments.get(index).copied() {
                Some(v) => v,
                None => self.constant(Value::Null),
            };
        }
        if let Some(direct) = &self.unit.params.direct {
            return match direct.args.get(index).copied() {
                Some((t, p)) => SValue { tag: self.v(t), payload: self.v(p) },
                None => {
                    // The interpreter would see an extra argument the direct entry drops.
                    self.fail("the tree reads an argument past its declared parameters");
                    self.constant(Value::Null)
                }
            };
        }
        let present = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        self.b.append_block_param(join, I64);
        let zero = self.b.ins().iconst(I64, 0);
        let has = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThan, self.unit.params.nargs, index as i64);
        self.b.ins().brif(has, present, &[], join, &[ir::BlockArg::Value(zero), ir::BlockArg::Value(zero)]);
        self.b.switch_to_block(present);
        let off = index as i32 * Value::SIZE_BYTES as i32;
        let t =
            self.b.ins().load(I64, MemFlagsData::trusted(), self.unit.params.args, off + Value::TAG_OFFSET);
        let p = self.b.ins().load(
            I64,
            MemFlagsData::trusted(),
            self.unit.params.args,
            off + Value::PAYLOAD_OFFSET,
        );
        self.b.ins().jump(join, &[ir::BlockArg::Value(t), ir::BlockArg::Value(p)]);
        self.b.switch_to_block(join);
        let p = self.b.block_params(join).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    /// Continues only when `tag` is `Int`; otherwise transfers to the interpreter, which learns
    /// from it (`learn`: the slot's kind generalized, or the slot unpinned at a loop). Returns
    /// the constant `Int` tag (what the check established).
    fn expect_int_tag(
        &mut self,
        tag: ir::Value,
        slot: FrameSlot,
        place: &str,
        learn: super::deopt::Learn,
    ) -> ir::Value {
        let is_int = self.b.ins().icmp_imm_s(IntCC::Equal, tag, Tag::Int.bits() as i64);
        let target = self.current().call_target;
        let name = &target.frame_descriptor().slot(slot).name;
        let reason = format!("local {name} ({slot}) is not an Int at {place}");
        self.transfer_unless(is_int, reason, learn);
        self.iconst(Tag::Int.bits() as i64)
    }

    /// Pins the integer slots of the current activation for the loop about to start: each slot
    /// the interpreter only ever saw an `Int` in (and that no other code writes) is checked
    /// once on loop entry, and inside the loop its tag is a constant, so reads need no tag
    /// test; writes of a value not known to be an `Int` check it (see [`Evaluator::write_local`]).
    /// A failed check deoptimizes and generalizes the slot's kind. Returns the slots pinned.
    pub(super) fn pin_int_slots(&mut self, osr: &bonsai::osr::OsrPoint) -> Vec<usize> {
        let act = self.current();
        let (base, count, target) = (act.slot_base, act.slot_count, act.call_target);
        let descriptor = target.frame_descriptor();
        let mut pinned = Vec::new();
        // The loop an OSR unit starts with: its entry check is the unit's own.
        let own = self.starts_osr_unit();
        for i in 0..count {
            let index = base + i;
            let slot = FrameSlot(i as u32);
            if descriptor.slot(slot).kind() != SlotKind::Int
                || self.frame.captured[index]
                || self.frame.pinned[index]
                || !osr.may_pin(i)
            {
                continue;
            }
            let t = match self.frame.spills.values[index] {
                Some((t, _)) => t,
                None => self.b.use_var(self.frame.locals[index].0),
            };
            match self.known(t) {
                Some(k) if k == Tag::Int.bits() as i64 => {}
                Some(_) => continue, // another constant (unassigned): would always fail
                None => {
                    // The loop node lives as long as its tree, i.e. for the process.
                    let osr = osr as *const bonsai::osr::OsrPoint as usize;
                    self.expect_int_tag(t, slot, "loop entry", super::deopt::Learn::Unpin(osr, i, own));
                }
            }
            self.frame.pinned[index] = true;
            pinned.push(index);
        }
        pinned
    }

    /// At a loop header: the tags of the slots pinned by this loop or an enclosing one are
    /// the constant `Int` (whatever edge entered the header).
    pub(super) fn define_pinned_tags(&mut self) {
        for index in 0..self.frame.pinned.len() {
            if self.frame.pinned[index] {
                let t = self.iconst(Tag::Int.bits() as i64);
                let (tv, pv) = self.frame.locals[index];
                self.b.def_var(tv, t);
                let p = self.b.use_var(pv);
                self.frame.spills.values[index] = Some((t, p));
            }
        }
    }

    /// Enters the inlined activation of `callee` (at address `target`) on `args`: builds its
    /// record (parent: the current activation's; linked only around safepoints, see
    /// [`Evaluator::link_current`]), and gives it slots and assigned words, all unassigned.
    pub(super) fn enter_activation(
        &mut self,
        callee: &'static CallTarget,
        target: ir::Value,
        args: &[SValue],
    ) {
        let descriptor = callee.frame_descriptor();
        let slot_count = descriptor.len();
        let word_count = assigned_words(slot_count);
        let parent = self.current().record;
        // The header is written where a stack walk or a deoptimization may read it (see
        // `link_current`, `init_inlined_records`): an inlined call without safepoints costs no
        // stores.
        let (record, slots, assigned) = record_area(&mut self.b, slot_count);

        let (slot_base, word_base) = (self.frame.locals.len(), self.frame.words.len());
        for _ in 0..slot_count {
            let tag = self.b.declare_var(I64);
            let payload = self.b.declare_var(I64);
            let zero = self.iconst(0);
            self.b.def_var(tag, zero);
            self.b.def_var(payload, zero);
            self.frame.locals.push((tag, payload));
        }
        for _ in 0..word_count {
            let var = self.b.declare_var(I64);
            let zero = self.iconst(0);
            self.b.def_var(var, zero);
            self.frame.words.push(var);
        }
        self.frame.captured.extend(descriptor.slots().map(|(_, info)| info.is_captured()));
        self.frame.pinned.resize(self.frame.pinned.len() + slot_count, false);
        let null = self.iconst(0);
        self.frame.spills.extend(slot_count, word_count, null);
        self.frame.activations.push(ActivationState {
            call_target: callee,
            target,
            arguments: Some(args.to_vec()),
            record,
            parent,
            slot_base,
            slot_count,
            word_base,
            slots,
            assigned,
        });
    }

    /// Before a safepoint (a call, a boundary, a transfer to the interpreter) inside an
    /// inlined activation: links the activations' records and sets the call depth as
    /// `CallTarget::call` would have, so stack walks, calls and the runtime see every inlined
    /// frame. Outside safepoints the unit's own record is innermost and the depth is the
    /// unit's (see [`Evaluator::unlink_current`]): inlined calls cost no stores of their own.
    pub(super) fn link_current(&mut self) {
        self.link_unit_record();
        let level = self.frame.activations.len() - 1;
        if level == 0 {
            return;
        }
        self.init_inlined_records();
        let flags = MemFlagsData::trusted();
        let (ctx, record) = (self.unit.params.ctx, self.current().record);
        self.b.ins().store(flags, record, ctx, ExecContext::TOP_OFFSET);
        let entry_depth = self.entry_depth();
        let depth = self.b.ins().iadd_imm_s(entry_depth, level as i64);
        self.b.ins().store(flags, depth, ctx, ExecContext::DEPTH_OFFSET);
    }

    /// Before a call into the runtime that may run guest code or read the call depth, in the
    /// unit's own activation of a unit with the direct convention (which gets its depth in a
    /// register): stores the depth into the context. (Inside inlined activations
    /// [`Evaluator::link_current`] does.)
    pub(super) fn store_unit_depth(&mut self) {
        if self.frame.activations.len() == 1 && self.unit.params.direct.is_some() {
            let (ctx, depth) = (self.unit.params.ctx, self.entry_depth());
            self.b.ins().store(MemFlagsData::trusted(), depth, ctx, ExecContext::DEPTH_OFFSET);
        }
    }

    /// Writes the unit's own activation record's header and links it as the innermost record,
    /// unless that happened on every path to here. A root unit's record is *lazy*: code that
    /// makes no call, runs no loop and leaves at no transfer point (e.g. the base case of a
    /// recursion) never writes it — nothing can walk the stack while it runs. (An OSR unit
    /// runs on the interpreter's record, always linked.)
    pub(super) fn link_unit_record(&mut self) {
        if self.unit.kind != UnitKind::Root || self.frame.spills.record_linked {
            return;
        }
        self.write_unit_record();
        self.frame.spills.record_linked = true;
        self.unit.record_linked_somewhere = true;
    }

    /// Writes the root unit's record header and makes it innermost, unconditionally.
    pub(super) fn write_unit_record(&mut self) {
        let header = self.frame.activations[0].header();
        header.write(&mut self.b);
        let ctx = self.unit.params.ctx;
        self.b.ins().store(MemFlagsData::trusted(), header.record, ctx, ExecContext::TOP_OFFSET);
    }

    /// Writes the headers of the inlined activations' records (parent, target, slots, assigned
    /// words), before a stack walk or a deoptimization may read them.
    pub(super) fn init_inlined_records(&mut self) {
        for a in 1..self.frame.activations.len() {
            let header = self.frame.activations[a].header();
            header.write(&mut self.b);
        }
    }

    /// After a safepoint inside an inlined activation returned: the unit's own record is
    /// innermost again and the depth the unit's.
    pub(super) fn unlink_current(&mut self) {
        if self.frame.activations.len() == 1 {
            return;
        }
        let flags = MemFlagsData::trusted();
        let (ctx, record) = (self.unit.params.ctx, self.frame.activations[0].record);
        self.b.ins().store(flags, record, ctx, ExecContext::TOP_OFFSET);
        let entry_depth = self.entry_depth();
        self.b.ins().store(flags, entry_depth, ctx, ExecContext::DEPTH_OFFSET);
    }

    /// Leaves the innermost inlined activation: forgets its slots, words and spills (its
    /// record is unlinked by the code the caller emits).
    pub(super) fn leave_activation(&mut self) {
        let Some(a) = self.frame.activations.pop() else { return };
        self.frame.locals.truncate(a.slot_base);
        self.frame.words.truncate(a.word_base);
        self.frame.captured.truncate(a.slot_base);
        self.frame.pinned.truncate(a.slot_base);
        self.frame.spills.truncate(a.slot_base, a.word_base);
    }
}
