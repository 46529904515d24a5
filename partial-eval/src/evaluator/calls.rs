//! Calls and inlining: calls of function objects (installed code directly, the interpreter
//! through the runtime), inlined calls, and boundaries.

use super::control::ActivationControl;
use super::{Evaluator, I64};
use crate::backend::runtime::{self, MAX_DIRECT_PARAMETERS};
use bonsai::call::CallTarget;
use bonsai::compiler::Bailout;
use bonsai::context::ExecContext;
use bonsai::exec::{BoundaryFn, CompileDomain, SValue};
use bonsai::function::{Function, FunctionRef};
use bonsai::value::Tag;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};

/// Calls deeper than this are not inlined (a chain of inlined calls inside one unit).
const MAX_INLINE_DEPTH: usize = 8;

/// This module's operations of [`CompileDomain`](bonsai::exec::CompileDomain) (documented
/// there; `Evaluator`'s trait impl forwards to them) and their helpers.
impl Evaluator<'_> {
    pub(super) fn call_function(
        &mut self,
        function: FunctionRef,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        self.open();
        let fptr = self.b.ins().iconst(I64, function as *const Function as i64);
        if let Some(callee) = self.inline_candidate(function) {
            return self.inline_call(function, callee, args);
        }
        // The target the function has now is called directly, on the assumption that the
        // function keeps it (see `emit_call`).
        self.emit_call(fptr, function.target(), args, Some(function))
    }

    pub(super) fn call_function_value(
        &mut self,
        function: SValue,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        let fptr = self.resolve(function.payload);
        // A function value the unit knows (a constant, or a field of a virtual object that
        // holds one, such as a block's function) is called as `call_function` would: directly,
        // and inlined when it qualifies.
        let tag = self.get(function.tag);
        let is_function = self.known(tag) == Some(Tag::Function.bits() as i64);
        if let Some(bits) = self.known(fptr).filter(|&b| is_function && b != 0) {
            // SAFETY: the payload of a value whose tag is `Function` is a function's address;
            // functions live for the process.
            let function: FunctionRef = unsafe { &*(bits as *const Function) };
            return self.call_function(function, args);
        }
        self.emit_call(fptr, None, args, None)
    }

    pub(super) fn boundary<'b>(
        &mut self,
        f: Box<BoundaryFn<'b>>,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        // SAFETY: the closure borrows one node of the tree being compiled and nothing else
        // (`Domain::boundary` requires the rest of it to be `'static`). The code that calls
        // it belongs to that tree's call target (or one of its loops), which is never freed
        // while code compiled for it can run: call targets live for the process and retired
        // code is kept alive by the engine. Erasing the lifetime is therefore sound.
        let f: Box<BoundaryFn<'static>> =
            unsafe { std::mem::transmute::<Box<BoundaryFn<'b>>, Box<BoundaryFn<'static>>>(f) };
        let holder = Box::new(f);
        let fptr = &*holder as *const Box<BoundaryFn<'static>> as i64;
        self.unit.boundaries.push(holder);
        self.unit.safepoints += 1;
        self.frame.spills.unchecked_safepoint = true;
        self.open();
        // Linked before the slots are stored, as in `emit_call`.
        self.link_current();
        self.sync_frame(true);
        self.store_unit_depth();
        let (args_ptr, nargs) = self.spill_args(args);
        let (out_slot, out) = self.out_slot();
        let fconst = self.b.ins().iconst(I64, fptr);
        let (ctx, target) = (self.unit.params.ctx, self.current().target);
        let st = self.call_runtime(
            runtime::boundary as *const () as usize,
            self.unit.sig6,
            &[fconst, ctx, target, args_ptr, nargs, out],
        );
        self.check_status(st);
        self.unlink_current();
        self.reload_captured();
        self.forget_shapes();
        Ok(self.load_out(out_slot))
    }

    /// Emits `ExecContext::enter`'s checks for a call from the current activation: the call
    /// depth plus one against the depth limit, then the native stack pointer against the
    /// context's stack limit (on x86-64: a load, a copy of the stack pointer, a compare and a
    /// branch). Either failure branches to `overflow`; the code continues in a new block where
    /// both passed. A path that passed them for a call as deep already (see
    /// `Spills::depth_checked` and `Spills::stack_checked`) skips them: the depth, the limits
    /// and the stack pointer (a unit's frame is fixed) are the same. Returns the depth and the
    /// depth plus one.
    pub(super) fn depth_check(&mut self, overflow: ir::Block) -> (ir::Value, ir::Value) {
        let (flags, ctx) = (MemFlagsData::trusted(), self.unit.params.ctx);
        // The depth here is the unit's plus the inlining level (see `link_current`), known
        // without a load.
        let level = self.frame.activations.len() - 1;
        let entry_depth = self.entry_depth();
        let depth = self.b.ins().iadd_imm_s(entry_depth, level as i64);
        let deeper = self.b.ins().iadd_imm_s(depth, 1);
        if self.frame.spills.depth_checked <= level {
            self.check_depth_limit(deeper, overflow);
        }
        if self.frame.spills.stack_checked {
            return (depth, deeper);
        }
        let sp = self.b.ins().get_stack_pointer(I64);
        let limit = self.b.ins().load(I64, flags, ctx, ExecContext::STACK_LIMIT_OFFSET);
        let exhausted = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        let enter = self.b.create_block();
        self.b.ins().brif(exhausted, overflow, &[], enter, &[]);
        self.b.switch_to_block(enter);
        (depth, deeper)
    }

    /// The call target of `function` if a call of it should be inlined: a tree within the
    /// inlining budget that has run at least once (so its nodes are specialized), is not already
    /// being inlined here (no recursive inlining), at most [`MAX_INLINE_DEPTH`] calls deep.
    pub(super) fn inline_candidate(&self, function: FunctionRef) -> Option<&'static CallTarget> {
        let callee = function.target()?;
        if self.unit.budget.max_inline_nodes == 0
            || self.frame.activations.len() > MAX_INLINE_DEPTH
            || callee.call_count() == 0
            || self.frame.activations.iter().any(|a| std::ptr::eq(a.call_target, callee))
        {
            return None;
        }
        let size = callee.node_count();
        (size <= self.unit.budget.max_inline_nodes && self.unit.nodes + size <= self.unit.budget.max_nodes)
            .then_some(callee)
    }

    /// Makes the unit assume that `function` (named `name` in the deoptimization reason) keeps
    /// the target it has now: registers its `target_stable` assumption (when the unit is
    /// installed), and, where a redefinition may have happened since the unit last checked
    /// that it is valid (`Spills::unchecked_safepoint`), checks the unit's version first. For
    /// calls inlined ([`Evaluator::inline_call`]) and called directly ([`Evaluator::emit_call`]).
    fn assume_target(&mut self, function: FunctionRef, name: &str) {
        if self.frame.spills.unchecked_safepoint {
            self.check_version(format!("{name} may have been redefined"));
        }
        if !self.unit.assumed_functions.iter().any(|f| std::ptr::eq(*f, function)) {
            self.unit.assumed_functions.push(function);
        }
    }

    /// Emits a call of `callee`, the target of `function`, inline: the partial evaluation of
    /// its tree on `args`. The unit assumes the function keeps that target (its
    /// `target_stable` assumption, registered when the unit is installed): a redefinition
    /// invalidates the unit. A redefinition happens in guest code, so only in a call or a
    /// boundary the unit makes (a unit is entered valid, see `Evaluator::emit_call`); where one
    /// may have happened since the unit last checked that it is still valid on this path
    /// (`Spills::unchecked_safepoint`), the call first checks the
    /// unit's version — a load and a compare, which then covers every inlined call up to the
    /// next safepoint — and deoptimizes when it moved on: the interpreter makes the call, of
    /// the new definition, and continues the activation. Like `CallTarget::call`, the inlined
    /// activation counts toward the call depth, is linked for stack walks (its own record and
    /// slot memory), and an error leaving it records its frame.
    pub(super) fn inline_call(
        &mut self,
        function: FunctionRef,
        callee: &'static CallTarget,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        self.assume_target(function, callee.name());
        let expected = self.b.ins().iconst(I64, callee as *const CallTarget as i64);
        // The callee's path is a frame of its own: a transfer inside it resumes the call.
        let mark = self.path_len();
        self.path_push(bonsai::exec::PathStep::Call);
        let v = self.inline_body(callee, expected, args)?;
        self.path_truncate(mark);
        Ok(v)
    }

    /// The inlined activation of `callee` (at address `target`) on `args`: depth check, record,
    /// body, and the error exit that records its frame.
    pub(super) fn inline_body(
        &mut self,
        callee: &'static CallTarget,
        target: ir::Value,
        args: &[SValue],
    ) -> Result<SValue, Bailout> {
        let flags = MemFlagsData::trusted();
        let ctx = self.unit.params.ctx;
        // The call depth, checked on entry as `ExecContext::enter` does: the unit's depth plus
        // the inlined levels, one compare (the depth is stored only around safepoints; an
        // inlined call takes no native stack).
        let level = self.frame.activations.len();
        if self.frame.spills.depth_checked < level {
            let entry_depth = self.entry_depth();
            let deeper = self.b.ins().iadd_imm_s(entry_depth, level as i64);
            let overflow = self.b.create_block();
            self.b.set_cold_block(overflow);
            let enter = self.check_depth_limit(deeper, overflow);
            // A side path: what it links is not linked on the path that enters the callee.
            self.b.switch_to_block(overflow);
            let record_linked = self.frame.spills.record_linked;
            self.link_current();
            self.frame.spills.record_linked = record_linked;
            self.store_unit_depth();
            self.call_runtime(runtime::stack_overflow as *const () as usize, self.unit.sig1, &[ctx]);
            self.b.ins().jump(self.control.activation.error_block, &[]); // never a transfer
            self.b.switch_to_block(enter);
            self.frame.spills.depth_checked = level;
        }

        self.enter_activation(callee, target, args);
        if !self.unit.inlined.iter().any(|t| std::ptr::eq(*t, callee)) {
            self.unit.inlined.push(callee);
        }
        // The callee's own loops, guard targets, catches and error exit, in place of the
        // caller's (kept in `callers`: a transfer or error in the callee checks their catches).
        let inner_error = self.b.create_block();
        self.b.set_cold_block(inner_error);
        let caller = std::mem::replace(&mut self.control.activation, ActivationControl::new(inner_error));
        self.control.callers.push(caller);

        let r = self.return_region_begin();
        let v = bonsai::exec::Domain::execute(self as &mut dyn CompileDomain, callee.body())?;
        let v = self.return_region_end(r, v);

        self.open();
        let cont = self.b.current_block();
        let Some(caller) = self.control.callers.pop() else {
            self.fail("an inlined activation without its caller");
            return Ok(v);
        };
        self.control.activation = caller;
        self.leave_activation();

        // An error leaving the activation records its frame, as `CallTarget::call` does, and
        // leaves the caller (each error site checked the open catches already).
        self.b.switch_to_block(inner_error);
        let entry_depth = self.entry_depth();
        self.b.ins().store(flags, entry_depth, ctx, ExecContext::DEPTH_OFFSET);
        self.call_runtime(runtime::push_frame as *const () as usize, self.unit.sig2, &[ctx, target]);
        self.b.ins().jump(self.control.activation.error_block, &[]);
        match cont {
            Some(block) => self.b.switch_to_block(block),
            None => self.fail("no block after an inlined call"),
        }
        Ok(v)
    }

    /// Emits a call of the function object at `fptr`.
    ///
    /// When the function's target is `expected` (the target it had at compile time) and that
    /// target's code has a direct entry, the call passes the arguments and gets the result in
    /// registers (the depth in a register too, checked against the limit with one compare, and
    /// the native stack limit): a recursive call of the unit's own target calls this code
    /// itself, others load the entry from the target, with the arguments padded or cut to its
    /// parameters at compile time; when it is another target or has no code, the runtime makes
    /// the call (`Function::call`), out of line. Without an expected target (a function value),
    /// a target with a direct entry whose parameter count is the call's number of arguments
    /// (checked at run time) is called the same way, and any other through a stack array, its
    /// installed code (the unit-convention entry), the interpreter when it has none, or the
    /// function's undefined-function error.
    pub(super) fn emit_call(
        &mut self,
        fptr: ir::Value,
        expected: Option<&'static CallTarget>,
        args: &[SValue],
        function: Option<FunctionRef>,
    ) -> Result<SValue, Bailout> {
        self.open();
        let expected_direct = expected.and_then(|t| super::unit::direct_arity(t).map(|n| (t, n)));
        // The call of a function the unit knows assumes the function keeps its target (its
        // `target_stable` assumption, as an inlined call's): a redefinition invalidates the
        // unit, and where one may have happened since the unit last checked that it is valid
        // (a call or boundary since), the call checks the unit's version first and leaves for
        // the interpreter when it moved on — a load and a compare that also cover the calls
        // after it up to the next safepoint, where comparing the function's target took a
        // load and a compare at every call. The first call of an activation needs no check:
        // every entry is into valid code, or a recursive call that checked first.
        let assumed = function.filter(|_| expected_direct.is_some());
        if let Some(function) = assumed {
            self.assume_target(function, function.name());
        }
        self.unit.safepoints += 1;
        self.frame.spills.unchecked_safepoint = true;
        // The record is linked before the slots are stored rather than after: the callee
        // reads the context's innermost record at once, and a store of it right before the
        // call cost Permute 18% (1.15 s against 1.36 s; the same stores).
        self.link_current();
        self.sync_frame(true);
        let ctx = self.unit.params.ctx;
        let flags = MemFlagsData::trusted();
        // Where the call returned a value (its tag and payload), failed in the callee (push
        // the callee's frame, then the error exit), or overflowed the stack.
        let exits = CallExits {
            done: self.b.create_block(),
            failed: self.b.create_block(),
            overflow: self.b.create_block(),
        };
        self.b.append_block_param(exits.done, I64);
        self.b.append_block_param(exits.done, I64);
        self.b.set_cold_block(exits.failed);
        self.b.set_cold_block(exits.overflow);
        let generic = self.b.create_block();
        let runtime_path = match expected_direct {
            Some((callee, arity)) => {
                let target = match assumed {
                    Some(_) => None,
                    None => Some(self.b.ins().load(I64, flags, fptr, Function::TARGET_OFFSET)),
                };
                let (expected, generic_used) =
                    self.emit_expected_call(callee, arity, target, args, &exits, generic);
                // The function has another target now (it was redefined), or its target has no
                // code yet: the runtime makes the call, as the interpreter would. Kept out of
                // line, this path is a call instead of the dozens of instructions of the
                // general case below, in every unit with a call.
                let runtime_path = generic_used.then(|| {
                    self.b.switch_to_block(generic);
                    self.b.set_cold_block(generic);
                    self.emit_runtime_call(fptr, args)
                });
                self.fill_call_failed(&exits, expected);
                runtime_path
            }
            None => {
                let target = self.b.ins().load(I64, flags, fptr, Function::TARGET_OFFSET);
                self.b.ins().jump(generic, &[]);
                self.b.switch_to_block(generic);
                let runtime_path = self.emit_general_call(fptr, target, args, &exits);
                self.fill_call_failed(&exits, target);
                Some(runtime_path)
            }
        };

        // The calls through the runtime meet here (they pushed the callee's frame themselves).
        if let Some((join, out_slot)) = runtime_path {
            self.b.switch_to_block(join);
            let status = self.b.block_params(join)[0];
            let ok = self.b.create_block();
            self.branch_error(status, ok);
            self.b.switch_to_block(ok);
            let v = self.load_out(out_slot);
            let (t, p) = self.handles_of(v);
            self.b.ins().jump(exits.done, &[ir::BlockArg::Value(t), ir::BlockArg::Value(p)]);
        }

        // The runtime tells the depth limit from the native stack's by the depth.
        self.b.switch_to_block(exits.overflow);
        self.store_unit_depth();
        self.call_runtime(runtime::stack_overflow as *const () as usize, self.unit.sig1, &[ctx]);
        self.b.ins().jump(self.control.activation.error_block, &[]); // never a transfer

        self.b.switch_to_block(exits.done);
        let r = self.b.block_params(exits.done).to_vec();
        // Every path here passed the call's depth and stack checks: the direct calls made
        // them, and the runtime's calls made them for the callee (`ExecContext::enter`, deeper
        // on the same stack), or failed.
        let level = self.frame.activations.len();
        self.frame.spills.depth_checked = self.frame.spills.depth_checked.max(level);
        self.frame.spills.stack_checked = true;
        self.unlink_current();
        self.reload_captured();
        self.forget_shapes();
        Ok(SValue { tag: self.v(r[0]), payload: self.v(r[1]) })
    }

    /// The general case of [`Evaluator::emit_call`], for a function whose target the call site
    /// does not know (a function value): a target with a direct entry for as many parameters
    /// as the call has arguments is called in registers; any other through a stack array, its
    /// installed code's unit-convention entry or the interpreter; an undefined function raises
    /// its error through the runtime. Returns the block where the calls through the runtime
    /// meet (its parameter: their status) and the slot of their result.
    fn emit_general_call(
        &mut self,
        fptr: ir::Value,
        target: ir::Value,
        args: &[SValue],
        exits: &CallExits,
    ) -> (ir::Block, ir::StackSlot) {
        let ctx = self.unit.params.ctx;
        let flags = MemFlagsData::trusted();
        let undefined = self.b.create_block();
        let defined = self.b.create_block();
        self.b.set_cold_block(undefined);
        self.b.ins().brif(target, defined, &[], undefined, &[]);

        // A target with a direct entry for as many parameters as the call has arguments.
        self.b.switch_to_block(defined);
        let unit = self.b.create_block();
        let words = (args.len() <= MAX_DIRECT_PARAMETERS).then(|| self.argument_words(args, args.len()));
        if let Some(words) = words {
            let arity = self.b.ins().load(I64, flags, target, CallTarget::PARAMETER_COUNT_OFFSET);
            let same = self.b.ins().icmp_imm_s(IntCC::Equal, arity, args.len() as i64);
            let check_entry = self.b.create_block();
            self.b.ins().brif(same, check_entry, &[], unit, &[]);
            self.b.switch_to_block(check_entry);
            let entry = self.b.ins().load(I64, flags, target, CallTarget::DIRECT_ENTRY_OFFSET);
            let installed = self.b.create_block();
            self.b.ins().brif(entry, installed, &[], unit, &[]);
            self.b.switch_to_block(installed);
            self.emit_direct_entry_call(DirectCallee::Entry(entry), words, exits);
        } else {
            self.b.ins().jump(unit, &[]);
        }

        // The unit convention: arguments through a stack array, the result through `out`.
        self.b.switch_to_block(unit);
        self.store_unit_depth();
        let (args_ptr, nargs) = self.spill_args(args);
        let (out_slot, out) = self.out_slot();
        let installed = self.b.create_block();
        let interpreted = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I32);
        let entry = self.b.ins().load(I64, flags, target, CallTarget::ENTRY_OFFSET);
        self.b.ins().brif(entry, installed, &[], interpreted, &[]);

        self.b.switch_to_block(interpreted);
        let st = self.call_runtime(
            runtime::call_target as *const () as usize,
            self.unit.sig5,
            &[ctx, target, args_ptr, nargs, out],
        );
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);

        // Installed code through its unit-convention entry: the depth is stored for it.
        self.b.switch_to_block(installed);
        let (depth, deeper) = self.depth_check(exits.overflow);
        self.b.ins().store(flags, deeper, ctx, ExecContext::DEPTH_OFFSET);
        let null_frame = self.b.ins().iconst(I64, 0);
        let inst = self.b.ins().call_indirect(
            self.unit.unit_sig,
            entry,
            &[ctx, target, null_frame, args_ptr, nargs, out],
        );
        let st = self.b.inst_results(inst)[0];
        self.b.ins().store(flags, depth, ctx, ExecContext::DEPTH_OFFSET);
        let returned = self.b.create_block();
        self.b.ins().brif(st, exits.failed, &[], returned, &[]);
        self.b.switch_to_block(returned);
        let v = self.load_out(out_slot);
        let (t, p) = self.handles_of(v);
        self.b.ins().jump(exits.done, &[ir::BlockArg::Value(t), ir::BlockArg::Value(p)]);

        // An undefined function: its error (the runtime call does what the call would).
        self.b.switch_to_block(undefined);
        self.call_through_runtime(fptr, args, out_slot, join);
        (join, out_slot)
    }

    /// The whole call of the function object at `fptr` through the runtime (`Function::call`:
    /// its current target, compiled or interpreted, or its undefined-function error). Returns
    /// the block where it continues (its parameter: the status) and the slot of its result.
    fn emit_runtime_call(&mut self, fptr: ir::Value, args: &[SValue]) -> (ir::Block, ir::StackSlot) {
        let (out_slot, _) = self.out_slot();
        let join = self.b.create_block();
        self.b.append_block_param(join, types::I32);
        self.call_through_runtime(fptr, args, out_slot, join);
        (join, out_slot)
    }

    /// Calls the function object at `fptr` on `args` through the runtime (`Function::call`),
    /// its result into `out_slot`, then jumps to `join` with the status.
    fn call_through_runtime(
        &mut self,
        fptr: ir::Value,
        args: &[SValue],
        out_slot: ir::StackSlot,
        join: ir::Block,
    ) {
        self.store_unit_depth();
        let (args_ptr, nargs) = self.spill_args(args);
        let out = self.b.ins().stack_addr(I64, out_slot, 0);
        let ctx = self.unit.params.ctx;
        let st = self.call_runtime(
            runtime::call_function as *const () as usize,
            self.unit.sig5,
            &[ctx, fptr, args_ptr, nargs, out],
        );
        self.b.ins().jump(join, &[ir::BlockArg::Value(st)]);
    }

    /// Fills `exits.failed`: an error leaving a callee called directly records the frame of
    /// `target` (its call target), as `CallTarget::call` does, then leaves or is caught.
    fn fill_call_failed(&mut self, exits: &CallExits, target: ir::Value) {
        self.b.switch_to_block(exits.failed);
        let ctx = self.unit.params.ctx;
        self.call_runtime(runtime::push_frame as *const () as usize, self.unit.sig2, &[ctx, target]);
        self.jump_error();
    }

    /// The path of [`Evaluator::emit_call`] for the target the call site expects: when the
    /// function's target (`target`; `None`: assumed, not compared) is still `callee`, whose
    /// direct entry has `arity` parameters, `args` padded with `Null` or cut to them, in
    /// registers. Continues at `generic` when the target is another or has no code. Returns
    /// `callee`'s address and whether any path goes to `generic`.
    fn emit_expected_call(
        &mut self,
        callee: &'static CallTarget,
        arity: usize,
        target: Option<ir::Value>,
        args: &[SValue],
        exits: &CallExits,
        generic: ir::Block,
    ) -> (ir::Value, bool) {
        let expected = self.b.ins().iconst(I64, callee as *const CallTarget as i64);
        let mut generic_used = false;
        if let Some(target) = target {
            let is_expected = self.b.ins().icmp(IntCC::Equal, target, expected);
            let direct = self.b.create_block();
            self.b.ins().brif(is_expected, direct, &[], generic, &[]);
            self.b.switch_to_block(direct);
            generic_used = true;
        }
        let words = self.argument_words(args, arity);
        // A recursive call of the unit's own target calls this code: the call checked the
        // unit's version first where a safepoint came since the last check (`emit_call`), so the
        // code it enters is valid; activations entered through the target run its newest code.
        let own = self.frame.activations[0].call_target;
        let self_ref =
            self.unit.self_ref.filter(|_| std::ptr::eq(own, callee) && self.unit.params.direct.is_some());
        let callee = match self_ref {
            Some(f) => DirectCallee::Unit(f),
            None => {
                let entry = self.b.ins().load(
                    I64,
                    MemFlagsData::trusted(),
                    expected,
                    CallTarget::DIRECT_ENTRY_OFFSET,
                );
                let installed = self.b.create_block();
                self.b.ins().brif(entry, installed, &[], generic, &[]);
                self.b.switch_to_block(installed);
                generic_used = true;
                DirectCallee::Entry(entry)
            }
        };
        self.emit_direct_entry_call(callee, words, exits);
        (expected, generic_used)
    }

    /// The tag and payload words of `args` padded with `Null` or cut to `arity`.
    fn argument_words(&mut self, args: &[SValue], arity: usize) -> Vec<ir::Value> {
        let null = self.iconst(0);
        let mut words = Vec::with_capacity(2 * arity);
        for i in 0..arity {
            match args.get(i) {
                Some(a) => {
                    let (t, p) = self.handles_of(*a);
                    words.extend([t, p]);
                }
                None => words.extend([null, null]),
            }
        }
        words
    }

    /// A call of a direct entry on `words` (a tag and a payload per parameter), after the
    /// depth check: continues at `exits.done` with the result, or `exits.failed`.
    fn emit_direct_entry_call(&mut self, callee: DirectCallee, words: Vec<ir::Value>, exits: &CallExits) {
        let (_, deeper) = self.depth_check(exits.overflow);
        let mut call_args = vec![self.unit.params.ctx, deeper];
        let arity = words.len() / 2;
        call_args.extend(words);
        let inst = match callee {
            DirectCallee::Unit(f) => self.b.ins().call(f, &call_args),
            DirectCallee::Entry(entry) => {
                let sig = self.direct_sig(arity);
                self.b.ins().call_indirect(sig, entry, &call_args)
            }
        };
        let (t, p) = (self.b.inst_results(inst)[0], self.b.inst_results(inst)[1]);
        let error = self.b.ins().icmp_imm_s(IntCC::Equal, t, runtime::ERROR_TAG as i64);
        self.b.ins().brif(
            error,
            exits.failed,
            &[],
            exits.done,
            &[ir::BlockArg::Value(t), ir::BlockArg::Value(p)],
        );
    }
}

/// Where a call goes on: `done` (block parameters: the result's tag and payload), `failed` (the
/// callee returned an error), `overflow` (the depth or native stack check failed).
struct CallExits {
    done: ir::Block,
    failed: ir::Block,
    overflow: ir::Block,
}

/// What a direct call calls: the unit itself, or a direct entry's address.
enum DirectCallee {
    Unit(ir::FuncRef),
    Entry(ir::Value),
}
