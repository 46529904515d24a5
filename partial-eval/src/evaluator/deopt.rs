//! Deoptimization: the path of domain operations from the unit's root to the current point,
//! and transfer points, where compiled code leaves for the interpreter (see
//! [`bonsai::exec::resume`]).
//!
//! The path is kept by the compile-mode domain (`impl Domain for dyn CompileDomain`): every
//! operation the resumption must replay pushes a [`PathStep`], a completed child collapses
//! its steps into its value, a closed branch side drops its own. A transfer point stores the
//! values the path holds into a stack buffer and calls the runtime with a [`DeoptPoint`], the
//! path's static part, which the code keeps alive: the runtime reads the frames from the
//! activation records (kept current as at any call) and the values from the buffer, and the
//! interpreter resumes.

use super::unit::{runtime_signature, UnitKind};
use super::{Evaluator, I64};
use crate::backend::runtime;
use bonsai::call::CallTarget;
use bonsai::exec::resume::Step;
use bonsai::exec::PathStep;
use bonsai::frame::FrameSlot;
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::{self, InstBuilder, StackSlotData, StackSlotKind};

/// The static part of a transfer point: why, and per frame (outermost first: the unit's own
/// activation, then each inlined callee on the path) its call target and the steps of its
/// path.
pub(crate) struct DeoptPoint {
    pub(crate) reason: String,
    pub(crate) frames: Vec<PointFrame>,
    /// What the runtime learns from this transfer before resuming, so that the recompiled code
    /// does not speculate again.
    pub(crate) learn: Learn,
    /// The unit's call target's version the code was compiled for: a transfer from code
    /// invalidated since (an activation that kept running it) does not invalidate its successor.
    pub(crate) version: u32,
}

pub(crate) struct PointFrame {
    pub(crate) target: &'static CallTarget,
    pub(crate) steps: Vec<PointStep>,
}

/// A step of a transfer point's path: a value the buffer holds (in order: two words for a
/// value, one for a word), a constant known when compiling (not stored: a deep path of
/// constants costs no code), or a step without a value.
#[derive(Clone, Copy)]
pub(crate) enum PointStep {
    Stored,
    StoredWord,
    Constant(Value),
    ConstantWord(i64),
    Other(Step),
}

/// What a unit's code points to and must outlive it: the transfer points and the
/// deoptimization stress counters, two words per guard (evaluations left before it fails,
/// and the current period: see `EngineOptions::stress_deopt_every`). Boxed one by one: the
/// code embeds their addresses.
#[derive(Default)]
#[allow(clippy::vec_box)]
pub(crate) struct DeoptData {
    pub(crate) points: Vec<Box<DeoptPoint>>,
    pub(crate) stress_counters: Vec<Box<[u64; 2]>>,
}

/// The deoptimization state of a unit: the current path and what the transfer points emitted
/// so far need.
#[derive(Default)]
pub(super) struct DeoptState {
    pub(super) path: Vec<PathStep>,
    pub(super) data: DeoptData,
    /// The shared exits: one per stack of activations (their records' addresses) that has
    /// transfer points, filled when the unit is finished (see [`Evaluator::finish_exits`]).
    exits: Vec<SharedExit>,
    /// The one stack slot every transfer point of the unit stores its values in, sized for
    /// the largest (transfer points never run at the same time).
    buffer: Option<ir::StackSlot>,
}

/// What a transfer teaches the runtime (for speculations on a local's kind).
#[derive(Clone, Copy)]
pub(crate) enum Learn {
    Nothing,
    /// A write met another value than an `Int`: the slot's kind is generalized.
    Generalize(&'static CallTarget, FrameSlot),
    /// A loop was entered with the slot not an `Int`: the loop (its `OsrPoint`, by address:
    /// loop nodes live as long as their trees, i.e. for the process) stops pinning it. The
    /// flag: the loop is the OSR unit's own, so only that loop's code is discarded (the call
    /// target's other code, and its other loops', did not pin for it).
    Unpin(usize, usize, bool),
    /// An object the loop (its `OsrPoint`, by address) was entered with virtual escaped in
    /// it: the loop stops keeping objects virtual through it. The flag: as for `Unpin`.
    MaterializeAtEntry(usize, bool),
    /// A slot of an object the loop (its `OsrPoint`) kept virtual, taken as invariant, changed
    /// in it: the loop's `OsrPoint`, the object's shape (by address) and the slot's index, and
    /// the flag as for `Unpin`.
    SlotVaries(usize, usize, usize, bool),
}

/// The code every transfer point of one stack of activations jumps to, with the point as its
/// block parameter: it links the innermost record and calls the runtime. A transfer point
/// itself is the stores that make the frames' memory current (only what changed since it
/// was last stored: the values already in memory are not kept alive for it) and of its path's
/// values, and that jump.
pub(super) struct SharedExit {
    /// The records of the activations, outermost first (the key).
    records: Vec<ir::Value>,
    block: ir::Block,
    /// The inlined activations' record headers, written by the exit (see
    /// `init_inlined_records`).
    headers: Vec<super::frame::RecordHeader>,
}

impl Evaluator<'_> {
    /// The arguments a root unit with the direct convention gets in registers (none for other
    /// units): its shared exits take them as parameters.
    fn direct_arguments(&self) -> Vec<(ir::Value, ir::Value)> {
        match (&self.unit.params.direct, self.unit.kind) {
            (Some(d), UnitKind::Root) => d.args.clone(),
            _ => Vec::new(),
        }
    }

    /// The shared exit of the current stack of activations (created on first use).
    fn shared_exit(&mut self) -> ir::Block {
        let records: Vec<ir::Value> = self.frame.activations.iter().map(|a| a.record).collect();
        if let Some(e) = self.deopt.exits.iter().find(|e| e.records == records) {
            return e.block;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        // The point, then for a root unit with the direct convention the arguments the
        // interpreter resumes on: each transfer passes them, each tag as the constant its path
        // established where it did (see `Evaluator::tag_handle`), so a tag tested on entry is
        // not kept alive for the exit across the unit's calls.
        self.b.append_block_param(block, I64);
        for _ in 0..2 * self.direct_arguments().len() {
            self.b.append_block_param(block, I64);
        }
        let headers = self.frame.activations[1..].iter().map(|a| a.header()).collect();
        self.deopt.exits.push(SharedExit { records, block, headers });
        block
    }

    /// Fills the shared exits (at the end of the unit, when every transfer point is known).
    pub(super) fn finish_exits(&mut self) {
        let flags = cranelift_codegen::ir::MemFlagsData::trusted();
        let exits = std::mem::take(&mut self.deopt.exits);
        for exit in &exits {
            self.b.switch_to_block(exit.block);
            let point = self.b.block_params(exit.block)[0];
            let level = exit.records.len() - 1;
            let ctx = self.unit.params.ctx;
            // The unit's record may not be written on the transfer point's path.
            if self.unit.kind == UnitKind::Root {
                self.write_unit_record();
            }
            for header in &exit.headers {
                header.write(&mut self.b);
            }
            if level > 0 {
                let innermost = exit.records[level];
                self.b.ins().store(flags, innermost, ctx, bonsai::context::ExecContext::TOP_OFFSET);
            }
            if level > 0 || self.unit.params.direct.is_some() {
                let entry_depth = self.entry_depth();
                let depth = self.b.ins().iadd_imm_s(entry_depth, level as i64);
                self.b.ins().store(flags, depth, ctx, bonsai::context::ExecContext::DEPTH_OFFSET);
            }
            let buffer = match self.deopt.buffer {
                Some(slot) => self.b.ins().stack_addr(I64, slot, 0),
                None => self.b.ins().iconst(I64, 0),
            };
            let outer = self.unit.outer_record;
            let status = match self.unit.kind {
                UnitKind::Root if self.unit.params.direct.is_some() => {
                    // The interpreter resumes on the arguments, which were in registers, and
                    // its result is returned in registers.
                    let words = self.b.block_params(exit.block)[1..].to_vec();
                    let (args, nargs) = self.spill_words(&words);
                    let (out_slot, out) = self.out_slot();
                    let sig = self.b.import_signature(runtime_signature(self.unit.call_conv, 7));
                    let args = [ctx, point, buffer, outer, args, nargs, out];
                    let status = self.call_runtime(runtime::deoptimize as *const () as usize, sig, &args);
                    let (ok, failed) = (self.b.create_block(), self.b.create_block());
                    self.b.set_cold_block(ok);
                    self.b.set_cold_block(failed);
                    self.b.ins().brif(status, failed, &[], ok, &[]);
                    self.b.switch_to_block(failed);
                    self.return_status(runtime::STATUS_ERROR);
                    self.b.switch_to_block(ok);
                    let v = self.load_out(out_slot);
                    let (t, p) = self.handles_of(v);
                    self.b.ins().return_(&[t, p]);
                    continue;
                }
                UnitKind::Root => {
                    let sig = self.b.import_signature(runtime_signature(self.unit.call_conv, 7));
                    let p = &self.unit.params;
                    let args = [ctx, point, buffer, outer, p.args, p.nargs, p.out];
                    self.call_runtime(runtime::deoptimize as *const () as usize, sig, &args)
                }
                UnitKind::Osr => {
                    let sig = self.b.import_signature(runtime_signature(self.unit.call_conv, 4));
                    let args = [ctx, point, buffer, outer];
                    self.call_runtime(runtime::deoptimize_osr as *const () as usize, sig, &args)
                }
            };
            self.b.ins().return_(&[status]);
        }
        self.control.terminated = true;
    }

    pub(super) fn path_len(&self) -> usize {
        self.deopt.path.len()
    }

    pub(super) fn path_truncate(&mut self, len: usize) {
        self.deopt.path.truncate(len);
    }

    pub(super) fn path_push(&mut self, step: PathStep) {
        self.deopt.path.push(step);
    }

    /// At a loop header: leaves for the interpreter when the unit's code was invalidated (its
    /// call target's version moved on): a load and a compare per iteration.
    pub(super) fn poll_invalidation(&mut self) {
        self.check_version("code invalidated while running a loop".to_string());
    }

    /// Leaves for the interpreter (reason `reason`) when the unit's code was invalidated: its
    /// call target's version moved on. Afterwards the path has checked (see
    /// `Spills::unchecked_safepoint`).
    pub(super) fn check_version(&mut self, reason: String) {
        if self.control.terminated {
            return;
        }
        let flags = cranelift_codegen::ir::MemFlagsData::trusted();
        let version = self.b.ins().load(
            cranelift_codegen::ir::types::I32,
            flags,
            self.unit.params.target,
            CallTarget::VERSION_OFFSET,
        );
        let same = self.b.ins().icmp_imm_s(
            cranelift_codegen::ir::condcodes::IntCC::Equal,
            version,
            i64::from(self.unit.version),
        );
        self.transfer_unless(same, reason, Learn::Nothing);
        self.frame.spills.unchecked_safepoint = false;
    }

    /// Continues where `cond` holds; where it does not, transfers to the interpreter (a cold
    /// block), which learns `learn`.
    pub(super) fn transfer_unless(&mut self, cond: ir::Value, reason: String, learn: Learn) {
        let cont = self.b.create_block();
        let fail = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(cond, cont, &[], fail, &[]);
        self.b.switch_to_block(fail);
        let spills = self.frame.spills.clone();
        self.transfer_learning(reason, learn);
        self.frame.spills = spills;
        self.b.switch_to_block(cont);
        self.control.terminated = false;
    }

    /// Emits a transfer to the interpreter at the current point (see the module docs) and
    /// ends the block. Root units resume in the runtime call and return its status; OSR units
    /// hand the record to their loop (status `STATUS_DEOPT`).
    pub(super) fn transfer(&mut self, reason: String) {
        self.transfer_learning(reason, Learn::Nothing);
    }

    /// [`Evaluator::transfer`], with what the runtime learns when it runs.
    pub(super) fn transfer_learning(&mut self, reason: String, learn: Learn) {
        if self.control.terminated {
            return; // unreachable code: nothing to leave
        }
        self.sync_frame(true);
        let mut frames =
            vec![PointFrame { target: self.frame.activations[0].call_target, steps: Vec::new() }];
        let mut words: Vec<ir::Value> = Vec::new();
        for step in self.deopt.path.clone() {
            let s = match step {
                PathStep::Value(v) => {
                    let (t, p) = self.handles_of(v);
                    match self.known(t).zip(self.known(p)).and_then(|(t, p)| scalar(t, p)) {
                        Some(v) => PointStep::Constant(v),
                        None => {
                            words.push(t);
                            words.push(p);
                            PointStep::Stored
                        }
                    }
                }
                PathStep::Int(i) => {
                    let w = self.get(i.0);
                    match self.known(w) {
                        Some(k) => PointStep::ConstantWord(k),
                        None => {
                            words.push(w);
                            PointStep::StoredWord
                        }
                    }
                }
                PathStep::Node => PointStep::Other(Step::Node),
                PathStep::Branch(b) => PointStep::Other(Step::Branch(b)),
                PathStep::LoopCondition => PointStep::Other(Step::LoopCondition),
                PathStep::LoopBody => PointStep::Other(Step::LoopBody),
                PathStep::Region => PointStep::Other(Step::Region),
                PathStep::Specialization(i) => PointStep::Other(Step::Specialization(i)),
                PathStep::Done => PointStep::Other(Step::Done),
                PathStep::Call => {
                    let Some(callee) = self.frame.activations.get(frames.len()) else {
                        self.fail("an inlined call on the path without its activation");
                        return;
                    };
                    let target = callee.call_target;
                    if let Some(f) = frames.last_mut() {
                        f.steps.push(PointStep::Other(Step::Call));
                    }
                    frames.push(PointFrame { target, steps: Vec::new() });
                    continue;
                }
            };
            if let Some(f) = frames.last_mut() {
                f.steps.push(s);
            }
        }
        if frames.len() != self.frame.activations.len() {
            self.fail("the path and the inlined activations disagree");
            return;
        }
        if let Some(f) = frames.last_mut() {
            f.steps.push(PointStep::Other(Step::Transfer));
        }
        let size = (words.len().max(1) * 8) as u32;
        let slot = match self.deopt.buffer {
            Some(slot) => {
                let data = &mut self.b.func.sized_stack_slots[slot];
                data.size = data.size.max(size);
                slot
            }
            None => {
                let slot =
                    self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
                self.deopt.buffer = Some(slot);
                slot
            }
        };
        for (i, w) in words.iter().enumerate() {
            self.b.ins().stack_store(I64, *w, slot, i as i32 * 8);
        }
        let point = Box::new(DeoptPoint { reason, frames, learn, version: self.unit.version });
        let point_addr = self.b.ins().iconst(I64, &*point as *const DeoptPoint as i64);
        self.deopt.data.points.push(point);
        let exit = self.shared_exit();
        let mut exit_args = vec![point_addr];
        for (t, p) in self.direct_arguments() {
            let t = self.tag_handle(t);
            exit_args.extend([t, p]);
        }
        self.jump(exit, &exit_args);
    }
}

/// The scalar value of a known tag and payload (a reference constant is stored instead).
fn scalar(tag: i64, payload: i64) -> Option<Value> {
    match tag as u64 {
        t if t == Tag::Null.bits() => Some(Value::Null),
        t if t == Tag::Bool.bits() => Some(Value::from_bool(payload != 0)),
        t if t == Tag::Int.bits() => Some(Value::Int(payload)),
        t if t == Tag::Double.bits() => Some(Value::from_f64(f64::from_bits(payload as u64))),
        _ => None,
    }
}
