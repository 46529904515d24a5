//! The unit ABI: the unit's kind and signature, its parameters, its exits (status codes,
//! the out slot, unlinking its record), runtime calls, and the node budget.

use super::{Evaluator, I64};
use crate::backend::runtime;
use crate::backend::runtime::{ERROR_TAG, MAX_DIRECT_PARAMETERS, STATUS_ERROR, STATUS_OK, STATUS_RETURNED};
use crate::backend::BoundaryHolder;
use bonsai::call::CallTarget;
use bonsai::compiler::Bailout;
use bonsai::context::ExecContext;
use bonsai::exec::{CompileDomain, SValue};
use bonsai::function::FunctionRef;
use bonsai::value::Value;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, types, AbiParam, InstBuilder, MemFlagsData, SigRef, Signature, StackSlotData, StackSlotKind,
};
use cranelift_codegen::isa::CallConv;

/// What kind of unit is being compiled.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    /// A whole call target.
    Root,
    /// One loop, entered from and exited to the interpreter frame.
    Osr,
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

/// The direct convention of root units with `parameters` parameters (see [`crate::backend`]):
/// the context, the depth (`i32`), a tag and a payload word per parameter; the result's tag and
/// payload.
pub(crate) fn direct_signature(call_conv: CallConv, parameters: usize) -> Signature {
    let mut sig = Signature::new(call_conv);
    sig.params.push(AbiParam::new(I64));
    sig.params.push(AbiParam::new(types::I32));
    for _ in 0..2 * parameters {
        sig.params.push(AbiParam::new(I64));
    }
    sig.returns.push(AbiParam::new(I64));
    sig.returns.push(AbiParam::new(I64));
    sig
}

/// The signature of the function a unit of `kind` for `target` compiles to: the direct
/// convention for root units of targets with a [`direct_arity`], else the unit convention.
pub(crate) fn function_signature(kind: UnitKind, target: &CallTarget, call_conv: CallConv) -> Signature {
    match unit_direct_arity(kind, target) {
        Some(n) => direct_signature(call_conv, n),
        None => unit_signature(call_conv),
    }
}

/// The number of parameters of the direct entry a unit of `kind` for `target` has, if any.
pub(crate) fn unit_direct_arity(kind: UnitKind, target: &CallTarget) -> Option<usize> {
    if kind == UnitKind::Root {
        direct_arity(target)
    } else {
        None
    }
}

/// The number of parameters of `target`'s direct entry, when its root unit is compiled with
/// the direct convention: it declares its parameter count, and they fit.
pub(crate) fn direct_arity(target: &CallTarget) -> Option<usize> {
    target.parameter_count().filter(|&n| n <= MAX_DIRECT_PARAMETERS)
}

pub(crate) fn runtime_signature(call_conv: CallConv, params: usize) -> Signature {
    let mut sig = Signature::new(call_conv);
    for _ in 0..params {
        sig.params.push(AbiParam::new(I64));
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

/// Compile budgets of one unit.
#[derive(Clone, Copy)]
pub(crate) struct Budget {
    /// Nodes the unit may partially evaluate, inlined ones included.
    pub(crate) max_nodes: usize,
    /// Largest callee tree a call site inlines (0: none).
    pub(crate) max_inline_nodes: usize,
    /// IR instructions the unit may have; checked as nodes are evaluated, so a unit over the
    /// budget is abandoned as soon as it passes it rather than after it was built in full.
    pub(crate) max_ir_instructions: usize,
}

/// What a finished unit needs kept: the boundary closures its code calls, and the call
/// targets it inlined (whose `tree_stable` assumptions the code relies on).
pub(crate) struct FinishedUnit {
    pub(crate) boundaries: Vec<BoundaryHolder>,
    pub(crate) inlined: Vec<&'static CallTarget>,
    /// The transfer points and stress counters the code points to.
    pub(crate) deopt: super::DeoptData,
    /// The deepest nesting of loops in the unit (inlined callees' loops included).
    pub(crate) max_loop_depth: usize,
    /// The functions whose targets the unit inlined (see `Evaluator::inline_call`).
    pub(crate) assumed_functions: Vec<FunctionRef>,
}

/// The unit's parameters (see [`unit_signature`]). A unit with the direct convention has
/// `direct` instead of `frame`, `args`, `nargs` and `out` (which are then 0), and its own
/// call target's address as a constant in `target`.
pub(super) struct Params {
    pub(super) ctx: ir::Value,
    pub(super) target: ir::Value,
    pub(super) frame: ir::Value,
    pub(super) args: ir::Value,
    pub(super) nargs: ir::Value,
    pub(super) out: ir::Value,
    pub(super) direct: Option<DirectParams>,
}

/// The parameters of the direct convention (see [`direct_signature`]).
pub(super) struct DirectParams {
    /// The activation's call depth (`i32`).
    pub(super) depth: ir::Value,
    /// Per parameter, its tag and payload.
    pub(super) args: Vec<(ir::Value, ir::Value)>,
}

/// The unit being emitted: what it is, how it is called and calls out, its budget, and what
/// its code needs kept alive.
pub(super) struct UnitState {
    pub(super) kind: UnitKind,
    pub(super) params: Params,
    /// The record to make innermost again when the unit returns or fails: the caller's (root
    /// units) or the interpreter activation's (OSR units).
    pub(super) outer_record: ir::Value,
    pub(super) call_conv: CallConv,
    /// The unit signature (direct calls of installed code) and the runtime signatures by
    /// number of parameters.
    pub(super) unit_sig: SigRef,
    pub(super) sig1: SigRef,
    pub(super) sig2: SigRef,
    pub(super) sig5: SigRef,
    pub(super) sig6: SigRef,
    /// The direct convention's signatures by number of parameters (imported on first use).
    pub(super) direct_sigs: Vec<(usize, SigRef)>,
    /// The signatures of `call_runtime_word`, by number of arguments.
    pub(super) word_sigs: Vec<(usize, SigRef)>,
    /// Whether a root unit linked its record on some path (see `link_unit_record`): its
    /// returns then unlink it.
    pub(super) record_linked_somewhere: bool,
    pub(super) boundaries: Vec<BoundaryHolder>,
    pub(super) inlined: Vec<&'static CallTarget>,
    /// Nodes partially evaluated so far.
    pub(super) nodes: usize,
    pub(super) budget: Budget,
    /// The unit's call target's version when compilation started (see `poll_invalidation`).
    pub(super) version: u32,
    /// Calls and boundaries emitted so far: code that can run while the unit's activation is
    /// suspended, and so invalidate it.
    pub(super) safepoints: usize,
    /// The call depth when the unit was entered (a `u32`; see `entry_depth`).
    pub(super) entry_depth: Option<ir::Value>,
    /// See `CompileDomain::unreachable_value` (handle 0: the entry block's `Null`).
    pub(super) unreachable_value: SValue,
    /// The unit itself, for direct recursive calls (root units).
    pub(super) self_ref: Option<ir::FuncRef>,
    /// `EngineOptions::stress_deopt_every` (0: off).
    pub(super) stress_deopt_every: u32,
    /// `EngineOptions::allocation_removal`: `new_object` makes virtual objects.
    pub(super) allocation_removal: bool,
    /// Where a catch that takes a non-local transfer gets its value (one slot for the unit,
    /// made at the first catch check: see `jump_error`).
    pub(super) transfer_out: Option<ir::StackSlot>,
    /// The deepest nesting of loops emitted so far.
    pub(super) max_loop_depth: usize,
    /// Functions whose call targets the unit inlined, assuming they keep them.
    pub(super) assumed_functions: Vec<FunctionRef>,
}

impl Evaluator<'_> {
    /// The call depth on entry to the unit: inlined calls add their level to it without a
    /// load, and store the depth only around safepoints (see `Evaluator::link_current`). In a
    /// register for units with the direct convention; otherwise loaded once, at the top of the
    /// entry block, when first needed.
    pub(super) fn entry_depth(&mut self) -> ir::Value {
        if let Some(d) = self.unit.entry_depth {
            return d;
        }
        let depth = match &self.unit.params.direct {
            Some(direct) => direct.depth,
            None => {
                let entry = self.b.func.layout.entry_block().expect("the unit has an entry block");
                let mut cursor =
                    cranelift_codegen::cursor::FuncCursor::new(self.b.func).at_first_insertion_point(entry);
                use cranelift_codegen::cursor::Cursor;
                let (flags, ctx) = (MemFlagsData::trusted(), self.unit.params.ctx);
                cursor.ins().load(types::I32, flags, ctx, ExecContext::DEPTH_OFFSET)
            }
        };
        self.unit.entry_depth = Some(depth);
        depth
    }

    /// Branches to `overflow` unless the call depth `depth` is within the context's depth limit
    /// (`ExecContext::enter`'s first check), and continues in a new block (returned). The limit is loaded
    /// here, next to the compare (one load): held in a register from entry instead, it took a
    /// callee-saved register, saved and restored by every activation, the base case of a
    /// recursion too.
    pub(super) fn check_depth_limit(&mut self, depth: ir::Value, overflow: ir::Block) -> ir::Block {
        let (flags, ctx) = (MemFlagsData::trusted(), self.unit.params.ctx);
        let max = self.b.ins().load(types::I32, flags, ctx, ExecContext::MAX_DEPTH_OFFSET);
        let over = self.b.ins().icmp(IntCC::UnsignedGreaterThan, depth, max);
        let within = self.b.create_block();
        self.b.ins().brif(over, overflow, &[], within, &[]);
        self.b.switch_to_block(within);
        within
    }

    /// Lets recursive calls of the unit's own call target call this unit directly (root units).
    pub(crate) fn set_self_ref(&mut self, self_ref: Option<ir::FuncRef>) {
        self.unit.self_ref = self_ref;
    }

    /// The direct convention's signature for `parameters` parameters.
    pub(super) fn direct_sig(&mut self, parameters: usize) -> SigRef {
        if let Some(&(_, sig)) = self.unit.direct_sigs.iter().find(|(n, _)| *n == parameters) {
            return sig;
        }
        let sig = self.b.import_signature(direct_signature(self.unit.call_conv, parameters));
        self.unit.direct_sigs.push((parameters, sig));
        sig
    }

    /// Emits the body of a root unit: `body` inside a return region; its value is the result.
    pub(crate) fn emit_root(&mut self, target: &CallTarget) -> Result<(), Bailout> {
        let r = self.return_region_begin();
        let v = bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, target.body())?;
        let v = self.return_region_end(r, v);
        self.return_from_root(v);
        Ok(())
    }

    /// Returns `v` from a root unit: in `*out` with status 0, or in the direct convention's
    /// result registers.
    fn return_from_root(&mut self, v: SValue) {
        if self.unit.params.direct.is_none() {
            self.store_out(v);
            self.ret(STATUS_OK);
            return;
        }
        self.open();
        if self.control.terminated {
            return;
        }
        let (t, p) = self.handles_of(v);
        self.unlink(false);
        self.b.ins().return_(&[t, p]);
        self.control.terminated = true;
    }

    /// Emits an OSR unit for `loop_node`: the loop, then the frame write-back at each exit.
    pub(crate) fn emit_osr(&mut self, loop_node: &dyn bonsai::node::Node) -> Result<(), Bailout> {
        let returned = self.b.create_block();
        self.b.append_block_param(returned, I64);
        self.b.append_block_param(returned, I64);
        self.control.returns.push((returned, Vec::new()));
        bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, loop_node)?;
        self.write_back_frame();
        self.ret(STATUS_OK);
        let edges = self.control.returns.pop().map(|(_, e)| e).unwrap_or_default();
        let v = self.enter_with_value(returned, edges);
        if self.control.terminated {
            return Ok(());
        }
        self.write_back_frame();
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
        if !self.control.terminated {
            self.ret(STATUS_OK);
        }
        self.finish_exits();
        self.b.switch_to_block(self.control.activation.error_block);
        self.unlink(true);
        self.return_status(STATUS_ERROR);
        self.b.seal_all_blocks();
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.b.finalize(config);
        Ok(FinishedUnit {
            boundaries: self.unit.boundaries,
            inlined: self.unit.inlined,
            deopt: self.deopt.data,
            max_loop_depth: self.unit.max_loop_depth,
            assumed_functions: self.unit.assumed_functions,
        })
    }

    pub(crate) fn node_count(&self) -> usize {
        self.unit.nodes
    }

    pub(super) fn ret(&mut self, status: u32) {
        if !self.control.terminated {
            self.unlink(false);
            self.return_status(status);
            self.control.terminated = true;
        }
    }

    /// Emits the return of `status` (`STATUS_OK` without a value, or `STATUS_ERROR`) in the
    /// unit's convention: the direct convention returns `Null` or the error tag.
    pub(super) fn return_status(&mut self, status: u32) {
        if self.unit.params.direct.is_some() {
            let tag = if status == STATUS_ERROR { ERROR_TAG as i64 } else { 0 };
            let t = self.b.ins().iconst(I64, tag);
            let p = self.b.ins().iconst(I64, 0);
            self.b.ins().return_(&[t, p]);
        } else {
            let s = self.b.ins().iconst(types::I32, i64::from(status));
            self.b.ins().return_(&[s]);
        }
    }

    pub(super) fn store_out(&mut self, v: SValue) {
        self.open();
        let (t, p) = self.handles_of(v);
        self.b.ins().store(MemFlagsData::trusted(), t, self.unit.params.out, Value::TAG_OFFSET);
        self.b.ins().store(MemFlagsData::trusted(), p, self.unit.params.out, Value::PAYLOAD_OFFSET);
    }

    /// Makes the record that was innermost when the unit was entered innermost again, before
    /// returning. A root unit unlinks its own record. An OSR unit runs on the interpreter's
    /// record, which is innermost again at every normal exit; an error leaving an inlined
    /// activation is the one case to repair (`error_exit`).
    pub(super) fn unlink(&mut self, error_exit: bool) {
        let root = self.unit.kind == UnitKind::Root && (error_exit || self.unit.record_linked_somewhere);
        if root || (error_exit && !self.unit.inlined.is_empty()) {
            self.b.ins().store(
                MemFlagsData::trusted(),
                self.unit.outer_record,
                self.unit.params.ctx,
                ExecContext::TOP_OFFSET,
            );
        }
    }

    /// Stores `words` (tag and payload pairs) into a fresh stack array of values; returns its
    /// address and length in values.
    pub(super) fn spill_words(&mut self, words: &[ir::Value]) -> (ir::Value, ir::Value) {
        let size = (words.len().max(2) as u32) * 8;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
        for (i, w) in words.iter().enumerate() {
            self.b.ins().stack_store(I64, *w, slot, i as i32 * 8);
        }
        let addr = self.b.ins().stack_addr(I64, slot, 0);
        let n = self.b.ins().iconst(I64, (words.len() / 2) as i64);
        (addr, n)
    }

    /// Stores `args` into a fresh stack array; returns its address and length.
    pub(super) fn spill_args(&mut self, args: &[SValue]) -> (ir::Value, ir::Value) {
        self.open();
        let mut words = Vec::with_capacity(2 * args.len());
        for a in args {
            let (t, p) = self.handles_of(*a);
            words.extend([t, p]);
        }
        self.spill_words(&words)
    }

    pub(super) fn out_slot(&mut self) -> (ir::StackSlot, ir::Value) {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            Value::SIZE_BYTES,
            3,
        ));
        let addr = self.b.ins().stack_addr(I64, slot, 0);
        (slot, addr)
    }

    pub(super) fn load_out(&mut self, slot: ir::StackSlot) -> SValue {
        let t = self.b.ins().stack_load(I64, I64, slot, Value::TAG_OFFSET);
        let p = self.b.ins().stack_load(I64, I64, slot, Value::PAYLOAD_OFFSET);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    pub(super) fn call_runtime(&mut self, f: usize, sig: SigRef, args: &[ir::Value]) -> ir::Value {
        let callee = self.b.ins().iconst(I64, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    /// Calls a runtime function that cannot fail and returns a word.
    pub(super) fn call_runtime_word(&mut self, f: usize, args: &[ir::Value]) -> ir::Value {
        // One signature per arity.
        let sig = match self.unit.word_sigs.iter().find(|(n, _)| *n == args.len()) {
            Some(&(_, sig)) => sig,
            None => {
                let mut sig = Signature::new(self.unit.call_conv);
                sig.params.extend(args.iter().map(|_| AbiParam::new(I64)));
                sig.returns.push(AbiParam::new(I64));
                let sig = self.b.import_signature(sig);
                self.unit.word_sigs.push((args.len(), sig));
                sig
            }
        };
        let callee = self.b.ins().iconst(I64, f as i64);
        let call = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(call)[0]
    }

    /// Branches to the error exit when `status` is non-zero.
    pub(super) fn check_status(&mut self, status: ir::Value) {
        let ok = self.b.create_block();
        if self.b.current_block().is_some_and(|b| self.b.func.layout.is_cold(b)) {
            self.b.set_cold_block(ok); // the rest of cold code (a transfer point's) is cold
        }
        self.branch_error(status, ok);
        self.b.switch_to_block(ok);
    }

    /// [`Evaluator::check_status`] for an error that is never a non-local transfer (the heap
    /// exhausted): straight to the error exit, past the checks of the open catches.
    pub(super) fn check_status_not_transfer(&mut self, status: ir::Value) {
        let ok = self.b.create_block();
        if self.b.current_block().is_some_and(|b| self.b.func.layout.is_cold(b)) {
            self.b.set_cold_block(ok);
        }
        self.b.ins().brif(status, self.control.activation.error_block, &[], ok, &[]);
        self.b.switch_to_block(ok);
    }

    /// Ends the current block: to the error exit (see [`Evaluator::jump_error`]) when `failed`
    /// is non-zero, else to `ok`.
    pub(super) fn branch_error(&mut self, failed: ir::Value, ok: ir::Block) {
        if !self.any_open_catch() {
            self.b.ins().brif(failed, self.control.activation.error_block, &[], ok, &[]);
            return;
        }
        let fail = self.b.create_block();
        self.b.set_cold_block(fail);
        self.b.ins().brif(failed, fail, &[], ok, &[]);
        self.b.switch_to_block(fail);
        self.jump_error();
    }

    /// Whether a `catch_transfer` is open in the activation or one it is inlined into.
    fn any_open_catch(&self) -> bool {
        !self.control.activation.catches.is_empty()
            || self.control.callers.iter().any(|c| !c.catches.is_empty())
    }

    /// Ends the current block, on a path where an error is pending in the context: a
    /// non-local transfer to the target of a `catch_transfer` open in the activation or one it
    /// is inlined into (innermost first) is taken there, and the catch completes with its
    /// value, in compiled code; any other error leaves the activation through its error exit,
    /// and from there the activations it is inlined into (whose catches it was checked
    /// against here). The current path's state is unchanged, so that the caller can go on
    /// emitting the path that did not fail.
    pub(super) fn jump_error(&mut self) {
        let ctx = self.unit.params.ctx;
        for (level, index) in self.open_catches() {
            let target = self.catch_at(level, index).target;
            // A target that is still a virtual object on this path has not escaped: no callee
            // knows it, so no transfer can be to it.
            if self.virtual_object(target.payload).is_some() {
                continue;
            }
            let (tag, payload) = self.handles_of(target);
            let out = match self.unit.transfer_out {
                Some(slot) => slot,
                None => {
                    let (slot, _) = self.out_slot();
                    self.unit.transfer_out = Some(slot);
                    slot
                }
            };
            let out_addr = self.b.ins().stack_addr(I64, out, 0);
            let taken = self.call_runtime_word(
                runtime::take_transfer_to as *const () as usize,
                &[ctx, tag, payload, out_addr],
            );
            self.branch_to_catch(taken, true, level, index, |e| {
                // The transfer unwound the calls it crossed: the unit's record is innermost
                // again and the call depth the unit's (as after a call that returned). (A
                // transfer comes from a call or boundary, which linked the record already.)
                let flags = MemFlagsData::trusted();
                e.link_unit_record();
                let record = e.frame.activations[0].record;
                e.b.ins().store(flags, record, ctx, ExecContext::TOP_OFFSET);
                let entry_depth = e.entry_depth();
                e.b.ins().store(flags, entry_depth, ctx, ExecContext::DEPTH_OFFSET);
                e.load_out(out)
            });
        }
        self.b.ins().jump(self.control.activation.error_block, &[]);
    }

    pub(super) fn count_node(&mut self) -> Result<(), Bailout> {
        self.unit.nodes += 1;
        if self.unit.nodes > self.unit.budget.max_nodes {
            return Err(Bailout::NodeBudget { nodes: self.unit.nodes, limit: self.unit.budget.max_nodes });
        }
        let instructions = self.b.func.dfg.num_insts();
        if instructions > self.unit.budget.max_ir_instructions {
            return Err(Bailout::IrBudget { instructions, limit: self.unit.budget.max_ir_instructions });
        }
        Ok(())
    }
}
