//! The partial evaluator: the compile-mode instance of the execution domain.
//!
//! [`Evaluator`] implements [`CompileDomain`] by emitting Cranelift IR. Running a node's
//! generic `execute` against it reads the node's state (children, specializations,
//! profiles, constants) as plain data and emits only the operations that state selects:
//! there is no dispatch on node kinds in the result. Guest values are a tag and a payload
//! SSA value; locals are Cranelift variables (frames are virtual); guards branch to the
//! node's slow path, called out of line.

use crate::backend::runtime::{self, STATUS_ERROR, STATUS_OK, STATUS_RETURNED};
use crate::backend::BoundaryHolder;
use bonsai::call::CallTarget;
use bonsai::compiler::{Bailout, Unsupported};
use bonsai::context::{Activation, ExecContext};
use bonsai::exec::{
    BoundaryFn, CompileDomain, IntCmp, IntOp, IrValue, MergePoint, Region, SBool, SInt, SValue,
};
use bonsai::frame::{assigned_words, FrameSlot};
use bonsai::function::{Function, FunctionRef};
use bonsai::heap::{self, AllocationFastPath};
use bonsai::object::{DynamicObject, Location, ShapeRef, SlotAddress};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, types, AbiParam, Block, InstBuilder, MemFlagsData, SigRef, Signature, StackSlotData, StackSlotKind,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::HashMap;

const I64: ir::Type = types::I64;

/// What kind of unit is being compiled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    /// A whole call target.
    Root,
    /// One loop, entered from and exited to the interpreter frame.
    Osr,
}

enum RegionState {
    Branch { else_block: Block, join: Block, has_value: bool, spills: Spills, then_spills: Option<Spills> },
    Loop { header: Block, exit: Block },
    Return { block: Block },
}

/// Builds an activation record with its slot memory and assigned words in one stack slot of
/// the unit, and links it as the innermost record of `ctx` (see [`bonsai::context`]). Returns the
/// addresses of the record, its slots and its assigned words.
fn link_record(
    b: &mut FunctionBuilder<'_>,
    ctx: ir::Value,
    target: ir::Value,
    parent: ir::Value,
    slot_count: usize,
) -> (ir::Value, ir::Value, ir::Value) {
    let flags = MemFlagsData::trusted();
    let word_count = assigned_words(slot_count);
    let size = Activation::SIZE_BYTES + slot_count as u32 * Value::SIZE_BYTES + word_count as u32 * 8;
    let area = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
    let record = b.ins().stack_addr(I64, area, 0);
    let slots = b.ins().iadd_imm_s(record, i64::from(Activation::SIZE_BYTES));
    let assigned = b.ins().iadd_imm_s(slots, slot_count as i64 * i64::from(Value::SIZE_BYTES));
    b.ins().store(flags, parent, record, Activation::PARENT_OFFSET);
    b.ins().store(flags, target, record, Activation::TARGET_OFFSET);
    b.ins().store(flags, slots, record, Activation::SLOTS_OFFSET);
    b.ins().store(flags, assigned, record, Activation::ASSIGNED_OFFSET);
    b.ins().store(flags, record, ctx, ExecContext::TOP_OFFSET);
    (record, slots, assigned)
}

/// The unit calling convention (see [`crate::backend`]).
pub(crate) fn unit_signature(call_conv: CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    for _ in 0..6 {
        sig.params.push(AbiParam::new(I64));
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

fn runtime_signature(call_conv: CallConv, params: usize) -> Signature {
    let mut sig = Signature::new(call_conv);
    for _ in 0..params {
        sig.params.push(AbiParam::new(I64));
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// What the activation's slot memory is known to hold at the current point of the code: per
/// slot the (tag, payload) SSA values last stored there, per assigned word the value last
/// stored. A safepoint stores only what differs. Valid along straight-line code and into
/// dominated blocks; intersected at branch joins and forgotten at other merges.
#[derive(Clone, Default)]
struct Spills {
    slots: Vec<Option<(ir::Value, ir::Value)>>,
    words: Vec<Option<ir::Value>>,
}

impl Spills {
    fn cleared(slots: usize, words: usize) -> Spills {
        Spills { slots: vec![None; slots], words: vec![None; words] }
    }

    /// Room for the slots and words of an activation entered inline.
    fn extend(&mut self, slots: usize, words: usize) {
        self.slots.resize(self.slots.len() + slots, None);
        self.words.resize(self.words.len() + words, None);
    }

    fn intersect(a: Option<Spills>, b: Option<Spills>, slots: usize, words: usize) -> Spills {
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
struct ActivationState {
    call_target: &'static CallTarget,
    /// `call_target`'s address.
    target: ir::Value,
    /// The arguments of an inlined call; `None`: the unit's parameters.
    arguments: Option<Vec<SValue>>,
    /// The record's address (OSR units: the interpreter's record).
    record: ir::Value,
    slot_base: usize,
    slot_count: usize,
    word_base: usize,
    slots: ir::Value,
    assigned: ir::Value,
}

impl ActivationState {
    fn word_count(&self) -> usize {
        assigned_words(self.slot_count)
    }
}

/// Compile budgets of one unit.
#[derive(Clone, Copy)]
pub(crate) struct Budget {
    /// Nodes the unit may partially evaluate, inlined ones included.
    pub(crate) max_nodes: usize,
    /// Largest callee tree a call site inlines (0: none).
    pub(crate) max_inline_nodes: usize,
}

/// Calls deeper than this are not inlined (a chain of inlined calls inside one unit).
const MAX_INLINE_DEPTH: usize = 4;

/// What a finished unit needs kept: the boundary closures its code calls, and the call
/// targets it inlined (whose `tree_stable` assumptions the code relies on).
pub(crate) struct FinishedUnit {
    pub(crate) boundaries: Vec<BoundaryHolder>,
    pub(crate) inlined: Vec<&'static CallTarget>,
}

struct Params {
    ctx: ir::Value,
    target: ir::Value,
    frame: ir::Value,
    args: ir::Value,
    nargs: ir::Value,
    out: ir::Value,
}

/// Emits one compiled unit.
pub(crate) struct Evaluator<'f> {
    b: FunctionBuilder<'f>,
    values: Vec<ir::Value>,
    constants: HashMap<ir::Value, i64>,
    params: Params,
    /// Tag and payload variables of every slot of every activation (see [`ActivationState`]).
    locals: Vec<(Variable, Variable)>,
    /// Per assigned word of every activation, its SSA variable.
    words: Vec<Variable>,
    captured: Vec<bool>,
    spills: Spills,
    activations: Vec<ActivationState>,
    /// The record to make innermost again when the unit returns or fails: the caller's (root
    /// units) or the interpreter activation's (OSR units).
    outer_record: ir::Value,
    kind: UnitKind,
    inlined: Vec<&'static CallTarget>,
    guard_targets: Vec<Block>,
    merges: Vec<Block>,
    regions: Vec<RegionState>,
    loops: Vec<(Block, Block)>,
    returns: Vec<Block>,
    error_block: Block,
    terminated: bool,
    call_conv: CallConv,
    unit_sig: SigRef,
    sig1: SigRef,
    sig2: SigRef,
    sig5: SigRef,
    sig6: SigRef,
    boundaries: Vec<BoundaryHolder>,
    nodes: usize,
    budget: Budget,
    /// The first internal error met while emitting (operations that cannot fail record it).
    error: Option<Bailout>,
}

impl<'f> Evaluator<'f> {
    /// Starts a unit: the entry block, parameters, the frame in memory (a record linked into
    /// the context for root units; the interpreter's record for OSR units), locals (from the
    /// frame for OSR units, `Null` otherwise) and the shared error exit.
    pub(crate) fn new(
        mut b: FunctionBuilder<'f>,
        kind: UnitKind,
        call_target: &'static CallTarget,
        call_conv: CallConv,
        budget: Budget,
    ) -> Evaluator<'f> {
        let descriptor = call_target.frame_descriptor();
        let slot_count = descriptor.len();
        let word_count = assigned_words(slot_count);
        let unit_sig = b.import_signature(unit_signature(call_conv));
        let sig1 = b.import_signature(runtime_signature(call_conv, 1));
        let sig2 = b.import_signature(runtime_signature(call_conv, 2));
        let sig5 = b.import_signature(runtime_signature(call_conv, 5));
        let sig6 = b.import_signature(runtime_signature(call_conv, 6));
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let p = b.block_params(entry).to_vec();
        let params = Params { ctx: p[0], target: p[1], frame: p[2], args: p[3], nargs: p[4], out: p[5] };
        let error_block = b.create_block();
        b.set_cold_block(error_block);
        let flags = MemFlagsData::trusted();
        let (outer_record, record, slots, assigned) = if kind == UnitKind::Osr {
            // `frame` is the interpreter activation's record.
            let slots = b.ins().load(I64, flags, params.frame, Activation::SLOTS_OFFSET);
            let assigned = b.ins().load(I64, flags, params.frame, Activation::ASSIGNED_OFFSET);
            (params.frame, params.frame, slots, assigned)
        } else {
            let parent = b.ins().load(I64, flags, params.ctx, ExecContext::TOP_OFFSET);
            let (record, slots, assigned) =
                link_record(&mut b, params.ctx, params.target, parent, slot_count);
            (parent, record, slots, assigned)
        };
        let mut spills = Spills::cleared(slot_count, word_count);
        let mut locals = Vec::with_capacity(slot_count);
        for i in 0..slot_count {
            let tag = b.declare_var(I64);
            let payload = b.declare_var(I64);
            let (t, v) = if kind == UnitKind::Osr {
                let off = i as i32 * Value::SIZE_BYTES as i32;
                let t = b.ins().load(I64, flags, slots, off + Value::TAG_OFFSET);
                let v = b.ins().load(I64, flags, slots, off + Value::PAYLOAD_OFFSET);
                spills.slots[i] = Some((t, v));
                (t, v)
            } else {
                let zero = b.ins().iconst(I64, 0);
                (zero, zero)
            };
            b.def_var(tag, t);
            b.def_var(payload, v);
            locals.push((tag, payload));
        }
        let mut constants = HashMap::new();
        let mut words = Vec::with_capacity(word_count);
        for w in 0..word_count {
            let var = b.declare_var(I64);
            let value = if kind == UnitKind::Osr {
                let v = b.ins().load(I64, flags, assigned, w as i32 * 8);
                spills.words[w] = Some(v);
                v
            } else {
                let v = b.ins().iconst(I64, 0);
                constants.insert(v, 0);
                v
            };
            b.def_var(var, value);
            words.push(var);
        }
        let captured = descriptor.slots().map(|(_, info)| info.is_captured()).collect();
        let activation = ActivationState {
            call_target,
            target: params.target,
            arguments: None,
            record,
            slot_base: 0,
            slot_count,
            word_base: 0,
            slots,
            assigned,
        };
        Evaluator {
            b,
            values: Vec::new(),
            constants,
            params,
            locals,
            words,
            captured,
            spills,
            activations: vec![activation],
            outer_record,
            kind,
            inlined: Vec::new(),
            guard_targets: Vec::new(),
            merges: Vec::new(),
            regions: Vec::new(),
            loops: Vec::new(),
            returns: Vec::new(),
            error_block,
            terminated: false,
            call_conv,
            unit_sig,
            sig1,
            sig2,
            sig5,
            sig6,
            boundaries: Vec::new(),
            nodes: 0,
            budget,
            error: None,
        }
    }

    /// Emits the body of a root unit: `body` inside a return region; its value is the result.
    pub(crate) fn emit_root(&mut self, target: &CallTarget) -> Result<(), Bailout> {
        let r = self.return_region_begin();
        let v = bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, target.body())?;
        let v = self.return_region_end(r, v);
        self.store_out(v);
        self.ret(STATUS_OK);
        Ok(())
    }

    /// Emits an OSR unit for `loop_node`: the loop, then the frame write-back at each exit.
    pub(crate) fn emit_osr(&mut self, loop_node: &dyn bonsai::node::Node) -> Result<(), Bailout> {
        let returned = self.b.create_block();
        self.b.append_block_param(returned, I64);
        self.b.append_block_param(returned, I64);
        self.returns.push(returned);
        bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, loop_node)?;
        self.write_back_frame();
        self.ret(STATUS_OK);
        self.returns.pop();
        self.b.switch_to_block(returned);
        self.terminated = false;
        let p = self.b.block_params(returned).to_vec();
        self.write_back_frame();
        let v = SValue { tag: self.v(p[0]), payload: self.v(p[1]) };
        self.store_out(v);
        self.ret(STATUS_RETURNED);
        Ok(())
    }

    /// Finishes the function: the error exit, sealing. Returns the boundary closures the
    /// code references, or the reason the unit could not be built.
    pub(crate) fn finish(
        mut self,
        config: cranelift_codegen::isa::TargetFrontendConfig,
    ) -> Result<FinishedUnit, Bailout> {
        if !self.terminated {
            self.ret(STATUS_OK);
        }
        self.b.switch_to_block(self.error_block);
        self.unlink(true);
        let status = self.b.ins().iconst(types::I32, i64::from(STATUS_ERROR));
        self.b.ins().return_(&[status]);
        self.b.seal_all_blocks();
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.b.finalize(config);
        Ok(FinishedUnit { boundaries: self.boundaries, inlined: self.inlined })
    }

    pub(crate) fn node_count(&self) -> usize {
        self.nodes
    }

    // ---- helpers -------------------------------------------------------------------

    fn v(&mut self, value: ir::Value) -> IrValue {
        self.values.push(value);
        IrValue(self.values.len() as u32 - 1)
    }

    fn get(&self, value: IrValue) -> ir::Value {
        self.values[value.0 as usize]
    }

    fn iconst(&mut self, value: i64) -> ir::Value {
        self.open();
        let v = self.b.ins().iconst(I64, value);
        self.constants.insert(v, value);
        v
    }

    fn known(&self, value: ir::Value) -> Option<i64> {
        self.constants.get(&self.b.func.dfg.resolve_aliases(value)).copied()
    }

    /// Records that emitting broke `invariant` (an internal error); the unit is refused.
    fn fail(&mut self, invariant: &'static str) {
        if self.error.is_none() {
            self.error = Some(Bailout::invariant(invariant));
        }
    }

    /// Makes sure there is a block to emit into: after a jump, code is unreachable and goes
    /// into a fresh block without predecessors.
    fn open(&mut self) {
        if self.terminated {
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            self.terminated = false;
        }
    }

    fn jump(&mut self, block: Block, args: &[ir::Value]) {
        if !self.terminated {
            let args: Vec<ir::BlockArg> = args.iter().map(|a| ir::BlockArg::Value(*a)).collect();
            self.b.ins().jump(block, &args);
            self.terminated = true;
        }
    }

    fn enter(&mut self, block: Block) {
        if !self.terminated {
            self.fail("entering a block from an open block");
            self.jump(block, &[]);
        }
        self.b.switch_to_block(block);
        self.terminated = false;
    }

    fn ret(&mut self, status: u32) {
        if !self.terminated {
            self.unlink(false);
            let s = self.b.ins().iconst(types::I32, i64::from(status));
            self.b.ins().return_(&[s]);
            self.terminated = true;
        }
    }

    fn store_out(&mut self, v: SValue) {
        self.open();
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        self.b.ins().store(MemFlagsData::trusted(), t, self.params.out, Value::TAG_OFFSET);
        self.b.ins().store(MemFlagsData::trusted(), p, self.params.out, Value::PAYLOAD_OFFSET);
    }

    /// Makes the record that was innermost when the unit was entered innermost again, before
    /// returning. A root unit unlinks its own record. An OSR unit runs on the interpreter's
    /// record, which is innermost again at every normal exit; an error leaving an inlined
    /// activation is the one case to repair (`error_exit`).
    fn unlink(&mut self, error_exit: bool) {
        if self.kind == UnitKind::Root || (error_exit && !self.inlined.is_empty()) {
            self.b.ins().store(
                MemFlagsData::trusted(),
                self.outer_record,
                self.params.ctx,
                ExecContext::TOP_OFFSET,
            );
        }
    }

    fn current(&self) -> &ActivationState {
        &self.activations[self.activations.len() - 1]
    }

    /// The index in `locals` of `slot` of the innermost activation.
    fn local_index(&self, slot: FrameSlot) -> Option<usize> {
        let a = self.current();
        let i = slot.0 as usize;
        (i < a.slot_count).then_some(a.slot_base + i)
    }

    /// Stores every slot and assigned word to the frame memory (OSR exits).
    fn write_back_frame(&mut self) {
        if self.terminated {
            return;
        }
        if self.activations.len() != 1 {
            self.fail("OSR exit inside an inlined call");
        }
        self.forget_spills();
        self.sync_frame(false);
    }

    /// A safepoint: makes the frame memory of every activation current before a call, storing
    /// the slots and assigned words that changed since they were last stored (see [`Spills`]).
    /// With `skip_unassigned`, slots whose assigned bit is known to be clear are not stored.
    fn sync_frame(&mut self, skip_unassigned: bool) {
        let flags = MemFlagsData::trusted();
        for a in 0..self.activations.len() {
            let act = &self.activations[a];
            let (slot_base, slot_count, word_base, word_count) =
                (act.slot_base, act.slot_count, act.word_base, act.word_count());
            let (slots, assigned) = (act.slots, act.assigned);
            for w in 0..word_count {
                let m = self.b.use_var(self.words[word_base + w]);
                let known = if skip_unassigned { self.known(m) } else { None };
                if self.spills.words[word_base + w] != Some(m) {
                    self.b.ins().store(flags, m, assigned, w as i32 * 8);
                    self.spills.words[word_base + w] = Some(m);
                }
                for i in w * 64..slot_count.min(w * 64 + 64) {
                    if known.is_some_and(|bits| bits & (1 << (i % 64)) == 0) {
                        continue;
                    }
                    let (tv, pv) = self.locals[slot_base + i];
                    let t = self.b.use_var(tv);
                    let p = self.b.use_var(pv);
                    if self.spills.slots[slot_base + i] == Some((t, p)) {
                        continue;
                    }
                    let off = i as i32 * Value::SIZE_BYTES as i32;
                    self.b.ins().store(flags, t, slots, off + Value::TAG_OFFSET);
                    self.b.ins().store(flags, p, slots, off + Value::PAYLOAD_OFFSET);
                    self.spills.slots[slot_base + i] = Some((t, p));
                }
            }
        }
    }

    /// After a safepoint: rereads the captured slots (and their assigned words) of every
    /// activation, which code below the call may have written.
    fn reload_captured(&mut self) {
        let flags = MemFlagsData::trusted();
        for a in 0..self.activations.len() {
            let act = &self.activations[a];
            let (slot_base, slot_count, word_base) = (act.slot_base, act.slot_count, act.word_base);
            let (slots, assigned) = (act.slots, act.assigned);
            for i in 0..slot_count {
                if !self.captured[slot_base + i] {
                    continue;
                }
                let off = i as i32 * Value::SIZE_BYTES as i32;
                let t = self.b.ins().load(I64, flags, slots, off + Value::TAG_OFFSET);
                let p = self.b.ins().load(I64, flags, slots, off + Value::PAYLOAD_OFFSET);
                let (tv, pv) = self.locals[slot_base + i];
                self.b.def_var(tv, t);
                self.b.def_var(pv, p);
                self.spills.slots[slot_base + i] = Some((t, p));
                let w = i / 64;
                let m = self.b.ins().load(I64, flags, assigned, w as i32 * 8);
                self.b.def_var(self.words[word_base + w], m);
                self.spills.words[word_base + w] = Some(m);
            }
        }
    }

    /// Forgets what the frame memory holds (entering a block with several predecessors).
    fn forget_spills(&mut self) {
        self.spills = Spills::cleared(self.locals.len(), self.words.len());
    }

    /// Stores `args` into a fresh stack array; returns its address and length.
    fn spill_args(&mut self, args: &[SValue]) -> (ir::Value, ir::Value) {
        self.open();
        let size = (args.len().max(1) as u32) * Value::SIZE_BYTES;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
        for (i, a) in args.iter().enumerate() {
            let off = i as i32 * Value::SIZE_BYTES as i32;
            let (t, p) = (self.get(a.tag), self.get(a.payload));
            self.b.ins().stack_store(I64, t, slot, off + Value::TAG_OFFSET);
            self.b.ins().stack_store(I64, p, slot, off + Value::PAYLOAD_OFFSET);
        }
        let addr = self.b.ins().stack_addr(I64, slot, 0);
        let n = self.b.ins().iconst(I64, args.len() as i64);
        (addr, n)
    }

    fn out_slot(&mut self) -> (ir::StackSlot, ir::Value) {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            Value::SIZE_BYTES,
            3,
        ));
        let addr = self.b.ins().stack_addr(I64, slot, 0);
        (slot, addr)
    }

    fn load_out(&mut self, slot: ir::StackSlot) -> SValue {
        let t = self.b.ins().stack_load(I64, I64, slot, Value::TAG_OFFSET);
        let p = self.b.ins().stack_load(I64, I64, slot, Value::PAYLOAD_OFFSET);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    fn call_runtime(&mut self, f: usize, sig: SigRef, args: &[ir::Value]) -> ir::Value {
        let callee = self.b.ins().iconst(I64, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    /// Calls a runtime function that cannot fail and returns a word.
    fn call_runtime_word(&mut self, f: usize, args: &[ir::Value]) -> ir::Value {
        let mut sig = Signature::new(self.call_conv);
        sig.params.extend(args.iter().map(|_| AbiParam::new(I64)));
        sig.returns.push(AbiParam::new(I64));
        let sig = self.b.import_signature(sig);
        let callee = self.b.ins().iconst(I64, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    /// Branches to the error exit when `status` is non-zero.
    fn check_status(&mut self, status: ir::Value) {
        let ok = self.b.create_block();
        self.b.ins().brif(status, self.error_block, &[], ok, &[]);
        self.b.switch_to_block(ok);
    }

    fn mask_for_tag(&mut self, tag: ir::Value) -> ir::Value {
        // Only the low byte of a Bool payload and no bit of a Null payload are meaningful.
        let all = self.b.ins().iconst(I64, -1);
        let byte = self.b.ins().iconst(I64, 0xff);
        let zero = self.b.ins().iconst(I64, 0);
        let is_bool = self.b.ins().icmp_imm_s(IntCC::Equal, tag, Tag::Bool.bits() as i64);
        let is_null = self.b.ins().icmp_imm_s(IntCC::Equal, tag, Tag::Null.bits() as i64);
        let m = self.b.ins().select(is_bool, byte, all);
        self.b.ins().select(is_null, zero, m)
    }
}

impl CompileDomain for Evaluator<'_> {
    fn constant(&mut self, v: Value) -> SValue {
        let t = self.iconst(v.tag().bits() as i64);
        let p = self.iconst(v.payload_bits() as i64);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    fn int_constant(&mut self, v: i64) -> SInt {
        let c = self.iconst(v);
        SInt(self.v(c))
    }

    fn bool_constant(&mut self, v: bool) -> SBool {
        self.open();
        let c = self.b.ins().iconst(types::I8, i64::from(v));
        self.constants.insert(c, i64::from(v));
        SBool(self.v(c))
    }

    fn box_int(&mut self, v: SInt) -> SValue {
        let t = self.iconst(Tag::Int.bits() as i64);
        SValue { tag: self.v(t), payload: v.0 }
    }

    fn box_bool(&mut self, v: SBool) -> SValue {
        let t = self.iconst(Tag::Bool.bits() as i64);
        let b = self.get(v.0);
        let p = self.b.ins().uextend(I64, b);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    fn has_tag(&mut self, v: SValue, tag: Tag) -> SBool {
        let t = self.get(v.tag);
        if let Some(k) = self.known(t) {
            return self.bool_constant(k == tag.bits() as i64);
        }
        self.open();
        let c = self.b.ins().icmp_imm_s(IntCC::Equal, t, tag.bits() as i64);
        SBool(self.v(c))
    }

    fn unbox_int(&mut self, v: SValue) -> SInt {
        SInt(v.payload)
    }

    fn unbox_bool(&mut self, v: SValue) -> SBool {
        self.open();
        let p = self.get(v.payload);
        let low = self.b.ins().band_imm_u(p, 0xff);
        let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0);
        SBool(self.v(c))
    }

    fn same(&mut self, a: SValue, b: SValue) -> SBool {
        self.open();
        let (at, ap, bt, bp) = (self.get(a.tag), self.get(a.payload), self.get(b.tag), self.get(b.payload));
        let tags = self.b.ins().icmp(IntCC::Equal, at, bt);
        // With one side's tag known (an inline-cache check against a constant), so is the
        // mask: equal tags mean the other side has the same one.
        let known = self.known(bt).or_else(|| self.known(at));
        if known.is_some_and(|t| t != Tag::Null.bits() as i64 && t != Tag::Bool.bits() as i64) {
            let payloads = self.b.ins().icmp(IntCC::Equal, ap, bp);
            let c = self.b.ins().band(tags, payloads);
            return SBool(self.v(c));
        }
        let mask = self.mask_for_tag(at);
        let am = self.b.ins().band(ap, mask);
        let bm = self.b.ins().band(bp, mask);
        let payloads = self.b.ins().icmp(IntCC::Equal, am, bm);
        let c = self.b.ins().band(tags, payloads);
        SBool(self.v(c))
    }

    fn int_op_checked(&mut self, op: IntOp, a: SInt, b: SInt) -> (SInt, SBool) {
        self.open();
        let (x, y) = (self.get(a.0), self.get(b.0));
        let (r, of) = match op {
            IntOp::Add => self.b.ins().sadd_overflow(x, y),
            IntOp::Sub => self.b.ins().ssub_overflow(x, y),
            IntOp::Mul => self.b.ins().smul_overflow(x, y),
            IntOp::Div => {
                // sdiv traps on a zero divisor and on MIN / -1: divide by 1 instead and
                // report the case as an overflow.
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let both = self.b.ins().band(min, minus_one);
                let bad = self.b.ins().bor(zero, both);
                let one = self.b.ins().iconst(I64, 1);
                let divisor = self.b.ins().select(bad, one, y);
                (self.b.ins().sdiv(x, divisor), bad)
            }
        };
        (SInt(self.v(r)), SBool(self.v(of)))
    }

    fn int_compare(&mut self, cmp: IntCmp, a: SInt, b: SInt) -> SBool {
        self.open();
        let cc = match cmp {
            IntCmp::Eq => IntCC::Equal,
            IntCmp::Ne => IntCC::NotEqual,
            IntCmp::Lt => IntCC::SignedLessThan,
            IntCmp::Le => IntCC::SignedLessThanOrEqual,
            IntCmp::Gt => IntCC::SignedGreaterThan,
            IntCmp::Ge => IntCC::SignedGreaterThanOrEqual,
        };
        let (x, y) = (self.get(a.0), self.get(b.0));
        let c = self.b.ins().icmp(cc, x, y);
        SBool(self.v(c))
    }

    fn not(&mut self, b: SBool) -> SBool {
        let x = self.get(b.0);
        if let Some(k) = self.known(x) {
            return self.bool_constant(k == 0);
        }
        self.open();
        let c = self.b.ins().bxor_imm_u(x, 1);
        SBool(self.v(c))
    }

    fn and(&mut self, a: SBool, b: SBool) -> SBool {
        let (x, y) = (self.get(a.0), self.get(b.0));
        match (self.known(x), self.known(y)) {
            (Some(0), _) | (_, Some(0)) => return self.bool_constant(false),
            (Some(_), _) => return b,
            (_, Some(_)) => return a,
            _ => {}
        }
        self.open();
        let c = self.b.ins().band(x, y);
        SBool(self.v(c))
    }

    fn or(&mut self, a: SBool, b: SBool) -> SBool {
        let (x, y) = (self.get(a.0), self.get(b.0));
        match (self.known(x), self.known(y)) {
            (Some(1), _) | (_, Some(1)) => return self.bool_constant(true),
            (Some(_), _) => return b,
            (_, Some(_)) => return a,
            _ => {}
        }
        self.open();
        let c = self.b.ins().bor(x, y);
        SBool(self.v(c))
    }

    fn guard(&mut self, cond: SBool) {
        let c = self.get(cond.0);
        if self.known(c) == Some(1) {
            return;
        }
        let Some(&fallback) = self.guard_targets.last() else {
            self.fail("guard outside a speculation");
            return;
        };
        self.open();
        let cont = self.b.create_block();
        self.b.ins().brif(c, cont, &[], fallback, &[]);
        self.b.switch_to_block(cont);
    }

    fn push_guard_target(&mut self) {
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.guard_targets.push(block);
    }

    fn pop_guard_target(&mut self) {
        match self.guard_targets.pop() {
            Some(block) => {
                self.enter(block);
                self.forget_spills();
            }
            None => self.fail("unbalanced guard targets"),
        }
    }

    fn merge_point(&mut self) -> MergePoint {
        let block = self.b.create_block();
        self.b.append_block_param(block, I64);
        self.b.append_block_param(block, I64);
        self.merges.push(block);
        MergePoint(self.merges.len() as u32 - 1)
    }

    fn jump_to_merge(&mut self, m: MergePoint, v: SValue) {
        let block = self.merges[m.0 as usize];
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        self.jump(block, &[t, p]);
    }

    fn enter_merge(&mut self, m: MergePoint) -> SValue {
        let block = self.merges[m.0 as usize];
        self.enter(block);
        self.forget_spills();
        let p = self.b.block_params(block).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    fn branch_begin(&mut self, cond: SBool, profile: &ConditionProfile) -> Region {
        self.open();
        let c = self.get(cond.0);
        let then_block = self.b.create_block();
        let else_block = self.b.create_block();
        let join = self.b.create_block();
        if profile.true_count() == 0 && profile.false_count() > 0 {
            self.b.set_cold_block(then_block);
        }
        if profile.false_count() == 0 && profile.true_count() > 0 {
            self.b.set_cold_block(else_block);
        }
        self.b.ins().brif(c, then_block, &[], else_block, &[]);
        self.b.switch_to_block(then_block);
        let spills = self.spills.clone();
        self.regions.push(RegionState::Branch {
            else_block,
            join,
            has_value: false,
            spills,
            then_spills: None,
        });
        Region(self.regions.len() as u32 - 1)
    }

    fn branch_else(&mut self, region: Region, value: Option<SValue>) {
        let Some(RegionState::Branch { else_block, join, has_value, spills, then_spills }) =
            self.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_else outside a branch");
            return;
        };
        let (else_block, join) = (*else_block, *join);
        let reaches_join = !self.terminated;
        *then_spills = reaches_join.then(|| std::mem::replace(&mut self.spills, spills.clone()));
        if !reaches_join {
            self.spills = spills.clone();
        }
        if let Some(v) = value {
            *has_value = true;
            self.b.append_block_param(join, I64);
            self.b.append_block_param(join, I64);
            let (t, p) = (self.get(v.tag), self.get(v.payload));
            self.jump(join, &[t, p]);
        } else {
            self.jump(join, &[]);
        }
        self.b.switch_to_block(else_block);
        self.terminated = false;
    }

    fn branch_end(&mut self, region: Region, value: Option<SValue>) -> Option<SValue> {
        let Some(RegionState::Branch { join, has_value, then_spills, .. }) =
            self.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_end outside a branch");
            return None;
        };
        let (join, has_value, then_spills) = (*join, *has_value, then_spills.take());
        self.regions.truncate(region.0 as usize);
        let else_spills = (!self.terminated).then(|| std::mem::take(&mut self.spills));
        self.spills = Spills::intersect(then_spills, else_spills, self.locals.len(), self.words.len());
        match (value, has_value) {
            (Some(v), true) => {
                let (t, p) = (self.get(v.tag), self.get(v.payload));
                self.jump(join, &[t, p]);
            }
            (None, false) => self.jump(join, &[]),
            _ => self.fail("branch sides disagree on carrying a value"),
        }
        self.b.switch_to_block(join);
        self.terminated = false;
        if has_value {
            let p = self.b.block_params(join).to_vec();
            Some(SValue { tag: self.v(p[0]), payload: self.v(p[1]) })
        } else {
            None
        }
    }

    fn loop_begin(&mut self) -> Region {
        let header = self.b.create_block();
        let exit = self.b.create_block();
        self.jump(header, &[]);
        self.b.switch_to_block(header);
        self.terminated = false;
        self.forget_spills();
        self.loops.push((header, exit));
        self.regions.push(RegionState::Loop { header, exit });
        Region(self.regions.len() as u32 - 1)
    }

    fn loop_body(&mut self, region: Region, cond: SBool) {
        let Some(RegionState::Loop { exit, .. }) = self.regions.get(region.0 as usize) else {
            self.fail("loop_body outside a loop");
            return;
        };
        let exit = *exit;
        self.open();
        let c = self.get(cond.0);
        let body = self.b.create_block();
        self.b.ins().brif(c, body, &[], exit, &[]);
        self.b.switch_to_block(body);
    }

    fn loop_end(&mut self, region: Region) {
        let Some(RegionState::Loop { header, exit }) = self.regions.get(region.0 as usize) else {
            self.fail("loop_end outside a loop");
            return;
        };
        let (header, exit) = (*header, *exit);
        self.regions.truncate(region.0 as usize);
        self.loops.pop();
        self.jump(header, &[]);
        self.b.switch_to_block(exit);
        self.terminated = false;
        self.forget_spills();
    }

    fn return_region_begin(&mut self) -> Region {
        let block = self.b.create_block();
        self.b.append_block_param(block, I64);
        self.b.append_block_param(block, I64);
        self.returns.push(block);
        self.regions.push(RegionState::Return { block });
        Region(self.regions.len() as u32 - 1)
    }

    fn return_region_end(&mut self, region: Region, value: SValue) -> SValue {
        let block = match self.regions.get(region.0 as usize) {
            Some(RegionState::Return { block }) => *block,
            _ => {
                self.fail("return_region_end outside a return region");
                return value;
            }
        };
        self.regions.truncate(region.0 as usize);
        self.returns.pop();
        let (t, p) = (self.get(value.tag), self.get(value.payload));
        self.jump(block, &[t, p]);
        self.b.switch_to_block(block);
        self.terminated = false;
        self.forget_spills();
        let p = self.b.block_params(block).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    fn break_loop(&mut self) -> Result<(), Bailout> {
        let (_, exit) =
            *self.loops.last().ok_or_else(|| Bailout::Unsupported(Unsupported::BreakOutsideLoop))?;
        self.jump(exit, &[]);
        Ok(())
    }

    fn continue_loop(&mut self) -> Result<(), Bailout> {
        let (header, _) =
            *self.loops.last().ok_or_else(|| Bailout::Unsupported(Unsupported::ContinueOutsideLoop))?;
        self.jump(header, &[]);
        Ok(())
    }

    fn return_value(&mut self, v: SValue) -> Result<(), Bailout> {
        let block =
            *self.returns.last().ok_or_else(|| Bailout::Unsupported(Unsupported::ReturnOutsideFunction))?;
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        self.jump(block, &[t, p]);
        Ok(())
    }

    fn read_local(&mut self, slot: FrameSlot) -> SValue {
        self.open();
        match self.local_index(slot).map(|i| self.locals[i]) {
            Some((tv, pv)) => {
                let t = self.b.use_var(tv);
                let p = self.b.use_var(pv);
                SValue { tag: self.v(t), payload: self.v(p) }
            }
            None => {
                self.fail("frame slot out of range");
                self.constant(Value::Null)
            }
        }
    }

    fn write_local(&mut self, slot: FrameSlot, v: SValue) {
        self.open();
        match self.local_index(slot).map(|i| self.locals[i]) {
            Some((tv, pv)) => {
                let (t, p) = (self.get(v.tag), self.get(v.payload));
                self.b.def_var(tv, t);
                self.b.def_var(pv, p);
                let i = slot.0 as usize;
                let var = self.words[self.current().word_base + i / 64];
                let m = self.b.use_var(var);
                let bit = 1i64 << (i % 64);
                let m = match self.known(m) {
                    Some(k) => self.iconst(k | bit),
                    None => self.b.ins().bor_imm_s(m, bit),
                };
                self.b.def_var(var, m);
            }
            None => self.fail("frame slot out of range"),
        }
    }

    fn argument(&mut self, index: usize) -> SValue {
        self.open();
        if let Some(arguments) = &self.current().arguments {
            return match arguments.get(index).copied() {
                Some(v) => v,
                None => self.constant(Value::Null),
            };
        }
        let present = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        self.b.append_block_param(join, I64);
        let zero = self.b.ins().iconst(I64, 0);
        let has = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThan, self.params.nargs, index as i64);
        self.b.ins().brif(has, present, &[], join, &[ir::BlockArg::Value(zero), ir::BlockArg::Value(zero)]);
        self.b.switch_to_block(present);
        let off = index as i32 * Value::SIZE_BYTES as i32;
        let t = self.b.ins().load(I64, MemFlagsData::trusted(), self.params.args, off + Value::TAG_OFFSET);
        let p =
            self.b.ins().load(I64, MemFlagsData::trusted(), self.params.args, off + Value::PAYLOAD_OFFSET);
        self.b.ins().jump(join, &[ir::BlockArg::Value(t), ir::BlockArg::Value(p)]);
        self.b.switch_to_block(join);
        let p = self.b.block_params(join).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    fn call_function(&mut self, function: FunctionRef, args: &[SValue]) -> Result<SValue, Bailout> {
        self.open();
        let fptr = self.b.ins().iconst(I64, function as *const Function as i64);
        if let Some(callee) = self.inline_candidate(function) {
            return self.inline_call(fptr, callee, args);
        }
        // The call reads the function's current target: an activation that keeps running
        // across a redefinition (e.g. a hot loop) must call the new code at once, and the
        // partial evaluator has no way yet to leave a running activation (deoptimization),
        // so it does not embed the target and rely on the `target_stable` assumption.
        self.emit_call(fptr, None, args)
    }

    fn shape_of(&mut self, object: SValue) -> SInt {
        self.open();
        let obj = self.get(object.payload);
        let shape = self.b.ins().load(I64, MemFlagsData::trusted(), obj, DynamicObject::SHAPE_OFFSET);
        SInt(self.v(shape))
    }

    fn load_slot(&mut self, object: SValue, location: Location) -> SValue {
        self.open();
        let (base, offset) = self.slot_base(object, location);
        let flags = MemFlagsData::trusted();
        let t = self.b.ins().load(I64, flags, base, offset + Value::TAG_OFFSET);
        let p = self.b.ins().load(I64, flags, base, offset + Value::PAYLOAD_OFFSET);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    fn store_slot(&mut self, object: SValue, location: Location, v: SValue) {
        self.open();
        let (base, offset) = self.slot_base(object, location);
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        let flags = MemFlagsData::trusted();
        self.b.ins().store(flags, t, base, offset + Value::TAG_OFFSET);
        self.b.ins().store(flags, p, base, offset + Value::PAYLOAD_OFFSET);
    }

    fn set_shape(&mut self, object: SValue, shape: ShapeRef) {
        self.open();
        let obj = self.get(object.payload);
        let bits = self.b.ins().iconst(I64, shape.bits());
        self.b.ins().store(MemFlagsData::trusted(), bits, obj, DynamicObject::SHAPE_OFFSET);
    }

    fn new_object(&mut self, shape: ShapeRef) -> SValue {
        self.open();
        let tag = self.iconst(Tag::Object.bits() as i64);
        let fast = heap::allocation_fast_path();
        let image = DynamicObject::initial_image(shape).filter(|w| w.len() * 8 <= fast.max_object_bytes);
        let shape_word = self.b.ins().iconst(I64, shape.bits());
        let Some(image) = image else {
            let p = self.call_runtime_word(runtime::new_object as *const () as usize, &[shape_word]);
            return SValue { tag: self.v(tag), payload: self.v(p) };
        };
        // The heap's fast path (see `AllocationFastPath`): bump, write the image, set the VO bit.
        let flags = MemFlagsData::trusted();
        let fast_block = self.b.create_block();
        let slow_block = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow_block);
        let payload = self.b.append_block_param(join, I64);
        let cursor = self.b.ins().iconst(I64, fast.cursor_address as i64);
        let limit = self.b.ins().iconst(I64, fast.limit_address as i64);
        let start = self.b.ins().load(I64, flags, cursor, 0);
        let limit = self.b.ins().load(I64, flags, limit, 0);
        let end = self.b.ins().iadd_imm_s(start, (image.len() * 8) as i64);
        let fits = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, end, limit);
        self.b.ins().brif(fits, fast_block, &[], slow_block, &[]);

        self.b.switch_to_block(fast_block);
        self.b.ins().store(flags, end, cursor, 0);
        for (i, word) in image.iter().enumerate() {
            let w = self.b.ins().iconst(I64, *word as i64);
            self.b.ins().store(flags, w, start, i as i32 * 8);
        }
        let granule = self.b.ins().ushr_imm_s(start, i64::from(AllocationFastPath::VO_BYTE_SHIFT));
        let byte_address = self.b.ins().iadd_imm_s(granule, fast.vo_table as i64);
        let bit_index = self.b.ins().ushr_imm_s(start, i64::from(AllocationFastPath::VO_BIT_SHIFT));
        let bit_index = self.b.ins().band_imm_u(bit_index, 7);
        let bit_index = self.b.ins().ireduce(types::I8, bit_index);
        let one = self.b.ins().iconst(types::I8, 1);
        let bit = self.b.ins().ishl(one, bit_index);
        let old = self.b.ins().load(types::I8, flags, byte_address, 0);
        let new = self.b.ins().bor(old, bit);
        self.b.ins().store(flags, new, byte_address, 0);
        let p = self.b.ins().iadd_imm_s(start, heap::HEADER_BYTES as i64);
        self.b.ins().jump(join, &[ir::BlockArg::Value(p)]);

        self.b.switch_to_block(slow_block);
        let p = self.call_runtime_word(runtime::new_object as *const () as usize, &[shape_word]);
        self.b.ins().jump(join, &[ir::BlockArg::Value(p)]);

        self.b.switch_to_block(join);
        SValue { tag: self.v(tag), payload: self.v(payload) }
    }

    fn call_function_value(&mut self, function: SValue, args: &[SValue]) -> Result<SValue, Bailout> {
        let fptr = self.get(function.payload);
        self.emit_call(fptr, None, args)
    }

    fn boundary<'b>(&mut self, f: Box<BoundaryFn<'b>>, args: &[SValue]) -> Result<SValue, Bailout> {
        // SAFETY: the closure borrows one node of the tree being compiled and nothing else
        // (`Domain::boundary` requires the rest of it to be `'static`). The code that calls
        // it belongs to that tree's call target (or one of its loops), which is never freed
        // while code compiled for it can run: call targets live for the process and retired
        // code is kept alive by the engine. Erasing the lifetime is therefore sound.
        let f: Box<BoundaryFn<'static>> =
            unsafe { std::mem::transmute::<Box<BoundaryFn<'b>>, Box<BoundaryFn<'static>>>(f) };
        let holder = Box::new(f);
        let fptr = &*holder as *const Box<BoundaryFn<'static>> as i64;
        self.boundaries.push(holder);
        self.open();
        self.sync_frame(true);
        let (args_ptr, nargs) = self.spill_args(args);
        let (out_slot, out) = self.out_slot();
        let fconst = self.b.ins().iconst(I64, fptr);
        let (ctx, target) = (self.params.ctx, self.current().target);
        let st = self.call_runtime(
            runtime::boundary as *const () as usize,
            self.sig6,
            &[fconst, ctx, target, args_ptr, nargs, out],
        );
        self.check_status(st);
        self.reload_captured();
        Ok(self.load_out(out_slot))
    }

    fn count_node(&mut self) -> Result<(), Bailout> {
        self.nodes += 1;
        if self.nodes > self.budget.max_nodes {
            return Err(Bailout::NodeBudget { nodes: self.nodes, limit: self.budget.max_nodes });
        }
        Ok(())
    }
}

impl Evaluator<'_> {
    /// The base address and byte offset of `location` in `object`: the object itself for
    /// inline slots, its extension array (one load) otherwise.
    fn slot_base(&mut self, object: SValue, location: Location) -> (ir::Value, i32) {
        let obj = self.get(object.payload);
        match location.address() {
            SlotAddress::Inline { offset } => (obj, offset),
            SlotAddress::Extension { array_offset, offset } => {
                let array = self.b.ins().load(I64, MemFlagsData::trusted(), obj, array_offset);
                (array, offset)
            }
        }
    }

    /// Loads the call depth and compares it plus one with the limit, as `ExecContext::enter`
    /// does: returns the depth, the depth plus one, and whether that is over the limit.
    fn depth_check(&mut self) -> (ir::Value, ir::Value, ir::Value) {
        let (flags, ctx) = (MemFlagsData::trusted(), self.params.ctx);
        let depth = self.b.ins().load(types::I32, flags, ctx, ExecContext::DEPTH_OFFSET);
        let max = self.b.ins().load(types::I32, flags, ctx, ExecContext::MAX_DEPTH_OFFSET);
        let deeper = self.b.ins().iadd_imm_s(depth, 1);
        let over = self.b.ins().icmp(IntCC::UnsignedGreaterThan, deeper, max);
        (depth, deeper, over)
    }

    /// The call target of `function` if a call of it should be inlined: a tree within the
    /// inlining budget that has run at least once (so its nodes are specialized), is not already
    /// being inlined here (no recursive inlining), at most [`MAX_INLINE_DEPTH`] calls deep.
    fn inline_candidate(&self, function: FunctionRef) -> Option<&'static CallTarget> {
        let callee = function.target()?;
        if self.budget.max_inline_nodes == 0
            || self.activations.len() > MAX_INLINE_DEPTH
            || callee.call_count() == 0
            || self.activations.iter().any(|a| std::ptr::eq(a.call_target, callee))
        {
            return None;
        }
        let size = callee.node_count();
        (size <= self.budget.max_inline_nodes && self.nodes + size <= self.budget.max_nodes).then_some(callee)
    }

    /// Emits a call of `callee` inline, guarded by the function object at `fptr` still having
    /// that call target: the partial evaluation of its tree on `args`. A redefined function
    /// takes the out-of-line call (the code is also invalidated then, but an activation already
    /// running it must see the new definition at once). Like `CallTarget::call`, the inlined
    /// activation counts toward the call depth, is linked for stack walks (its own record and
    /// slot memory), and an error leaving it records its frame.
    fn inline_call(
        &mut self,
        fptr: ir::Value,
        callee: &'static CallTarget,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        let current = self.b.ins().load(I64, MemFlagsData::trusted(), fptr, Function::TARGET_OFFSET);
        let expected = self.b.ins().iconst(I64, callee as *const CallTarget as i64);
        let same = self.b.ins().icmp(IntCC::Equal, current, expected);
        let same = SBool(self.v(same));
        // So far the function has only had this target: the redefined side is laid out cold.
        let unchanged = ConditionProfile::new();
        unchanged.profile(true);
        let r = self.branch_begin(same, &unchanged);
        let v = self.inline_body(callee, expected, args)?;
        self.branch_else(r, Some(v));
        let w = self.emit_call(fptr, None, args)?;
        self.branch_end(r, Some(w)).ok_or_else(|| Bailout::invariant("inlined call lost its value"))
    }

    /// The inlined activation of `callee` (at address `target`) on `args`: depth check, record,
    /// body, and the error exit that records its frame.
    fn inline_body(
        &mut self,
        callee: &'static CallTarget,
        target: ir::Value,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        let flags = MemFlagsData::trusted();
        let ctx = self.params.ctx;
        // The call depth, checked on entry and restored at both exits (`ExecContext::enter`).
        let (depth, deeper, over) = self.depth_check();
        let overflow = self.b.create_block();
        let enter = self.b.create_block();
        self.b.set_cold_block(overflow);
        self.b.ins().brif(over, overflow, &[], enter, &[]);
        self.b.switch_to_block(overflow);
        self.call_runtime(runtime::stack_overflow as *const () as usize, self.sig1, &[ctx]);
        self.b.ins().jump(self.error_block, &[]);
        self.b.switch_to_block(enter);
        self.b.ins().store(flags, deeper, ctx, ExecContext::DEPTH_OFFSET);

        let descriptor = callee.frame_descriptor();
        let slot_count = descriptor.len();
        let word_count = assigned_words(slot_count);
        let parent = self.current().record;
        let (record, slots, assigned) = link_record(&mut self.b, ctx, target, parent, slot_count);

        let (slot_base, word_base) = (self.locals.len(), self.words.len());
        for _ in 0..slot_count {
            let tag = self.b.declare_var(I64);
            let payload = self.b.declare_var(I64);
            let zero = self.iconst(0);
            self.b.def_var(tag, zero);
            self.b.def_var(payload, zero);
            self.locals.push((tag, payload));
        }
        for _ in 0..word_count {
            let var = self.b.declare_var(I64);
            let zero = self.iconst(0);
            self.b.def_var(var, zero);
            self.words.push(var);
        }
        self.captured.extend(descriptor.slots().map(|(_, info)| info.is_captured()));
        self.spills.extend(slot_count, word_count);
        self.activations.push(ActivationState {
            call_target: callee,
            target,
            arguments: Some(args.to_vec()),
            record,
            slot_base,
            slot_count,
            word_base,
            slots,
            assigned,
        });
        if !self.inlined.iter().any(|t| std::ptr::eq(*t, callee)) {
            self.inlined.push(callee);
        }
        let outer_error = self.error_block;
        let inner_error = self.b.create_block();
        self.b.set_cold_block(inner_error);
        self.error_block = inner_error;
        let loops = std::mem::take(&mut self.loops);
        let guard_targets = std::mem::take(&mut self.guard_targets);

        let r = self.return_region_begin();
        let v = bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, callee.body())?;
        let v = self.return_region_end(r, v);

        self.open();
        self.b.ins().store(flags, parent, ctx, ExecContext::TOP_OFFSET);
        self.b.ins().store(flags, depth, ctx, ExecContext::DEPTH_OFFSET);
        let cont = self.b.current_block();
        self.loops = loops;
        self.guard_targets = guard_targets;
        self.error_block = outer_error;
        self.activations.pop();
        self.locals.truncate(slot_base);
        self.words.truncate(word_base);
        self.captured.truncate(slot_base);
        self.spills.slots.truncate(slot_base);
        self.spills.words.truncate(word_base);

        // An error leaving the activation records its frame, as `CallTarget::call` does.
        self.b.switch_to_block(inner_error);
        self.b.ins().store(flags, depth, ctx, ExecContext::DEPTH_OFFSET);
        self.call_runtime(runtime::push_frame as *const () as usize, self.sig2, &[ctx, target]);
        self.b.ins().jump(outer_error, &[]);
        match cont {
            Some(block) => self.b.switch_to_block(block),
            None => self.fail("no block after an inlined call"),
        }
        Ok(v)
    }

    /// Emits a call of the function object at `fptr`: its installed code directly (the call
    /// depth checked inline), the interpreter when it has none, or its undefined-function
    /// error.
    ///
    /// With `known_target`, the call goes to that target without reading the function object
    /// (the caller registered the function's `target_stable` assumption).
    fn emit_call(
        &mut self,
        fptr: ir::Value,
        known_target: Option<&'static CallTarget>,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        self.open();
        self.sync_frame(true);
        let (args_ptr, nargs) = self.spill_args(args);
        let (out_slot, out) = self.out_slot();
        let ctx = self.params.ctx;
        let target = match known_target {
            Some(t) => self.b.ins().iconst(I64, t as *const CallTarget as i64),
            None => self.b.ins().load(I64, MemFlagsData::trusted(), fptr, Function::TARGET_OFFSET),
        };
        let undefined = self.b.create_block();
        let defined = self.b.create_block();
        let direct = self.b.create_block();
        let interpreted = self.b.create_block();
        let overflow = self.b.create_block();
        let call = self.b.create_block();
        let join = self.b.create_block();
        let status = self.b.append_block_param(join, types::I32);
        for cold in [undefined, overflow] {
            self.b.set_cold_block(cold);
        }
        if known_target.is_some() {
            self.b.ins().jump(defined, &[]);
        } else {
            self.b.ins().brif(target, defined, &[], undefined, &[]);
        }

        self.b.switch_to_block(undefined);
        let st = self.call_runtime(
            runtime::call_function as *const () as usize,
            self.sig5,
            &[ctx, fptr, args_ptr, nargs, out],
        );
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);

        self.b.switch_to_block(defined);
        let entry = self.b.ins().load(I64, MemFlagsData::trusted(), target, CallTarget::ENTRY_OFFSET);
        self.b.ins().brif(entry, direct, &[], interpreted, &[]);

        self.b.switch_to_block(interpreted);
        let st = self.call_runtime(
            runtime::call_target as *const () as usize,
            self.sig5,
            &[ctx, target, args_ptr, nargs, out],
        );
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);

        // A direct call of installed code: the call depth is checked inline.
        self.b.switch_to_block(direct);
        let (depth, deeper, over) = self.depth_check();
        self.b.ins().brif(over, overflow, &[], call, &[]);

        self.b.switch_to_block(overflow);
        let st = self.call_runtime(runtime::stack_overflow as *const () as usize, self.sig1, &[ctx]);
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);

        self.b.switch_to_block(call);
        self.b.ins().store(MemFlagsData::trusted(), deeper, ctx, ExecContext::DEPTH_OFFSET);
        let null_frame = self.b.ins().iconst(I64, 0);
        let inst = self.b.ins().call_indirect(
            self.unit_sig,
            entry,
            &[ctx, target, null_frame, args_ptr, nargs, out],
        );
        let st = self.b.inst_results(inst)[0];
        self.b.ins().store(MemFlagsData::trusted(), depth, ctx, ExecContext::DEPTH_OFFSET);
        // An error leaving the callee records its frame, as `CallTarget::call` does.
        let failed = self.b.create_block();
        self.b.set_cold_block(failed);
        self.b.ins().brif(st, failed, &[], join, &[ir::BlockArg::Value(st)]);
        self.b.switch_to_block(failed);
        let st = self.call_runtime(runtime::push_frame as *const () as usize, self.sig2, &[ctx, target]);
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);

        self.b.switch_to_block(join);
        self.check_status(status);
        self.reload_captured();
        Ok(self.load_out(out_slot))
    }
}
