//! Control regions: guards, merge points, branches, loops and return regions, and the block
//! the code is being emitted into.

use super::frame::Spills;
use super::{Evaluator, I64};
use bonsai::compiler::{Bailout, Unsupported};
use bonsai::exec::{MergePoint, Region, SBool, SValue};
use bonsai::profile::ConditionProfile;
use cranelift_codegen::ir::{self, Block, InstBuilder};

/// An open region and what its end needs: a branch's else and join blocks and the spills to
/// intersect there, a loop's header and exit, a return region's block.
#[allow(clippy::large_enum_variant)] // a few open regions at a time, on the compiler's stack
pub(super) enum RegionState {
    /// `then_value`: the value the `then` side brought to the join (`None`: no value, or the
    /// side ended before the join).
    Branch {
        else_block: Block,
        join: Block,
        has_value: bool,
        spills: Spills,
        then_spills: Option<Spills>,
        then_value: Option<(ir::Value, ir::Value)>,
    },
    /// `latch` is where the body's end and `continue` go; it is filled at the loop's end (the
    /// invalidation poll, when the body has safepoints, then the back edge to `header`).
    Loop {
        header: Block,
        latch: Block,
        exit: Block,
        pinned: Vec<usize>,
        safepoints: usize,
    },
    Return {
        block: Block,
    },
}

/// The control state of one activation, replaced as a whole while an inlined call's body is
/// emitted: a `break` or `continue` never leaves the callee, a callee's guard never fails into
/// its caller's fallback, and an error leaving the callee first records its frame.
pub(super) struct ActivationControl {
    /// Where errors of this activation go.
    pub(super) error_block: Block,
    /// The open loops of this activation: header and exit, innermost last.
    pub(super) loops: Vec<(Block, Block)>,
    /// The fallback blocks failing guards branch to, innermost last, with what the frame
    /// memory holds on every guard's branch to it (intersected; `None`: no guard branches to it).
    pub(super) guard_targets: Vec<(Block, Option<Spills>)>,
}

impl ActivationControl {
    pub(super) fn new(error_block: Block) -> ActivationControl {
        ActivationControl { error_block, loops: Vec::new(), guard_targets: Vec::new() }
    }
}

/// A join point: its block, the first jump's values and spills, and how many jumps reach it.
pub(super) struct Merge {
    block: Block,
    first: Option<(ir::Value, ir::Value, Spills)>,
    jumps: usize,
}

/// The control state of a unit.
pub(super) struct ControlState {
    /// The current block ended (with a jump or return): code emitted now is unreachable.
    pub(super) terminated: bool,
    /// Join points, by [`MergePoint`] index.
    pub(super) merges: Vec<Merge>,
    /// Open regions, by [`Region`] index.
    pub(super) regions: Vec<RegionState>,
    /// The blocks `return` jumps to, innermost last.
    pub(super) returns: Vec<Block>,
    /// The innermost activation's loops, guard targets and error exit.
    pub(super) activation: ActivationControl,
}

impl ControlState {
    pub(super) fn new(error_block: Block) -> ControlState {
        ControlState {
            terminated: false,
            merges: Vec::new(),
            regions: Vec::new(),
            returns: Vec::new(),
            activation: ActivationControl::new(error_block),
        }
    }
}

/// This module's operations of [`CompileDomain`](bonsai::exec::CompileDomain) (documented
/// there; `Evaluator`'s trait impl forwards to them) and their helpers.
impl Evaluator<'_> {
    /// Makes sure there is a block to emit into: after a jump, code is unreachable and goes
    /// into a fresh block without predecessors.
    pub(super) fn open(&mut self) {
        if self.control.terminated {
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            self.control.terminated = false;
        }
    }

    pub(super) fn jump(&mut self, block: Block, args: &[ir::Value]) {
        if !self.control.terminated {
            let args: Vec<ir::BlockArg> = args.iter().map(|a| ir::BlockArg::Value(*a)).collect();
            self.b.ins().jump(block, &args);
            self.control.terminated = true;
        }
    }

    pub(super) fn enter(&mut self, block: Block) {
        if !self.control.terminated {
            self.fail("entering a block from an open block");
            self.jump(block, &[]);
        }
        self.b.switch_to_block(block);
        self.control.terminated = false;
    }

    pub(super) fn guard(&mut self, cond: SBool) {
        let mut c = self.get(cond.0);
        let stress = self.unit.stress_deopt_every;
        if stress > 0 && !self.control.terminated {
            c = self.stress_guard(c, stress);
        } else if self.known(c) == Some(1) {
            return;
        }
        let (slots, words) = (self.frame.locals.len(), self.frame.words.len());
        let current = self.frame.spills.clone();
        let Some((fallback, spills)) = self.control.activation.guard_targets.last_mut() else {
            self.fail("guard outside a speculation");
            return;
        };
        *spills = Some(Spills::intersect(spills.take(), Some(current), slots, words));
        let fallback = *fallback;
        self.open();
        let cont = self.b.create_block();
        match self.values.negations.get(&c) {
            Some(&negated) => self.b.ins().brif(negated, fallback, &[], cont, &[]),
            None => self.b.ins().brif(c, cont, &[], fallback, &[]),
        };
        self.b.switch_to_block(cont);
        self.learn(c);
    }

    /// Deoptimization stress: `cond`, and false on this guard's `every`-th evaluation, then
    /// on its 2·`every`-th, 4·`every`-th, … (a counter per guard, straight-line code).
    fn stress_guard(&mut self, cond: ir::Value, every: u32) -> ir::Value {
        use cranelift_codegen::ir::{condcodes::IntCC, types, MemFlagsData};
        let counter = Box::new([u64::from(every), u64::from(every)]);
        let addr = self.b.ins().iconst(I64, &*counter as *const [u64; 2] as i64);
        self.deopt.data.stress_counters.push(counter);
        let flags = MemFlagsData::trusted();
        let left = self.b.ins().load(I64, flags, addr, 0);
        let period = self.b.ins().load(I64, flags, addr, 8);
        let left = self.b.ins().iadd_imm_s(left, -1);
        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, left, 0);
        let doubled = self.b.ins().ishl_imm_u(period, 1);
        let new_left = self.b.ins().select(hit, doubled, left);
        let new_period = self.b.ins().select(hit, doubled, period);
        self.b.ins().store(flags, new_left, addr, 0);
        self.b.ins().store(flags, new_period, addr, 8);
        let holds = self.b.ins().bxor_imm_u(hit, 1);
        let cond = if self.b.func.dfg.value_type(cond) == types::I8 {
            cond
        } else {
            self.b.ins().ireduce(types::I8, cond)
        };
        self.b.ins().band(cond, holds)
    }

    pub(super) fn push_guard_target(&mut self) {
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.control.activation.guard_targets.push((block, None));
    }

    pub(super) fn pop_guard_target(&mut self) -> bool {
        match self.control.activation.guard_targets.pop() {
            Some((block, spills)) => {
                self.enter(block);
                match spills {
                    // What the memory holds on every branch here.
                    Some(spills) => {
                        self.frame.spills = spills;
                        true
                    }
                    // No predecessor: what follows is unreachable.
                    None => {
                        self.forget_spills();
                        self.control.terminated = true;
                        false
                    }
                }
            }
            None => {
                self.fail("unbalanced guard targets");
                false
            }
        }
    }

    pub(super) fn merge_point(&mut self) -> MergePoint {
        let block = self.b.create_block();
        self.b.append_block_param(block, I64);
        self.b.append_block_param(block, I64);
        self.control.merges.push(Merge { block, first: None, jumps: 0 });
        MergePoint(self.control.merges.len() as u32 - 1)
    }

    pub(super) fn jump_to_merge(&mut self, m: MergePoint, v: SValue) {
        if self.control.terminated {
            return;
        }
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        let spills = self.control.merges[m.0 as usize].first.is_none().then(|| self.frame.spills.clone());
        let merge = &mut self.control.merges[m.0 as usize];
        if let Some(spills) = spills {
            merge.first = Some((t, p, spills));
        }
        merge.jumps += 1;
        let block = merge.block;
        self.jump(block, &[t, p]);
    }

    /// Continues at `m`. When a single jump reaches it (a speculation whose slow path
    /// deoptimizes), the value is that jump's, constants included, so what its producer
    /// established (e.g. the tag of a boxed integer) is known after the merge.
    pub(super) fn enter_merge(&mut self, m: MergePoint) -> SValue {
        let merge = &mut self.control.merges[m.0 as usize];
        let (block, first, jumps) = (merge.block, merge.first.take(), merge.jumps);
        self.enter(block);
        if let (Some((t, p, spills)), 1) = (first, jumps) {
            // The single predecessor dominates the block: its spills hold too.
            self.frame.spills = spills;
            return SValue { tag: self.v(t), payload: self.v(p) };
        }
        self.forget_spills();
        let p = self.b.block_params(block).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    pub(super) fn branch_begin(&mut self, cond: SBool, profile: &ConditionProfile) -> Region {
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
        let spills = self.frame.spills.clone();
        self.learn(c);
        self.control.regions.push(RegionState::Branch {
            else_block,
            join,
            has_value: false,
            spills,
            then_spills: None,
            then_value: None,
        });
        Region(self.control.regions.len() as u32 - 1)
    }

    pub(super) fn branch_else(&mut self, region: Region, value: Option<SValue>) {
        let Some(RegionState::Branch { else_block, join, has_value, spills, then_spills, then_value }) =
            self.control.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_else outside a branch");
            return;
        };
        let (else_block, join) = (*else_block, *join);
        let reaches_join = !self.control.terminated;
        *then_spills = reaches_join.then(|| std::mem::replace(&mut self.frame.spills, spills.clone()));
        if !reaches_join {
            self.frame.spills = spills.clone();
        }
        if let Some(v) = value {
            *has_value = true;
            let (t, p) = (self.values.handles[v.tag.0 as usize], self.values.handles[v.payload.0 as usize]);
            if reaches_join {
                *then_value = Some((t, p));
            }
            self.b.append_block_param(join, I64);
            self.b.append_block_param(join, I64);
            self.jump(join, &[t, p]);
        } else {
            self.jump(join, &[]);
        }
        self.b.switch_to_block(else_block);
        self.control.terminated = false;
    }

    pub(super) fn branch_end(&mut self, region: Region, value: Option<SValue>) -> Option<SValue> {
        let Some(RegionState::Branch { join, has_value, then_spills, then_value, .. }) =
            self.control.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_end outside a branch");
            return None;
        };
        let (join, has_value, then_spills, then_value) = (*join, *has_value, then_spills.take(), *then_value);
        self.control.regions.truncate(region.0 as usize);
        let then_reaches = then_spills.is_some();
        let else_reaches = !self.control.terminated;
        let else_value = match value {
            Some(v) if else_reaches => Some(self.handles_of(v)),
            _ => None,
        };
        let else_spills = else_reaches.then(|| std::mem::take(&mut self.frame.spills));
        self.frame.spills =
            Spills::intersect(then_spills, else_spills, self.frame.locals.len(), self.frame.words.len());
        match (value, has_value) {
            (Some(v), true) => {
                let (t, p) = (self.get(v.tag), self.get(v.payload));
                self.jump(join, &[t, p]);
            }
            (None, false) => self.jump(join, &[]),
            _ => self.fail("branch sides disagree on carrying a value"),
        }
        self.b.switch_to_block(join);
        self.control.terminated = false;
        if !has_value {
            return None;
        }
        // One side reaching the join (the other left, e.g. for the interpreter): its value,
        // constants and facts included.
        let (t, p) = match (then_reaches, else_reaches, then_value, else_value) {
            (true, false, Some(v), _) | (false, true, _, Some(v)) => v,
            _ => {
                let p = self.b.block_params(join).to_vec();
                (p[0], p[1])
            }
        };
        Some(SValue { tag: self.v(t), payload: self.v(p) })
    }

    pub(super) fn loop_begin(&mut self, osr: &bonsai::osr::OsrPoint) -> Region {
        self.open();
        let pinned = self.pin_int_slots(osr);
        let header = self.b.create_block();
        let latch = self.b.create_block();
        let exit = self.b.create_block();
        self.jump(header, &[]);
        self.b.switch_to_block(header);
        self.control.terminated = false;
        self.forget_spills();
        self.define_pinned_tags();
        self.control.activation.loops.push((latch, exit));
        let safepoints = self.unit.safepoints;
        self.control.regions.push(RegionState::Loop { header, latch, exit, pinned, safepoints });
        Region(self.control.regions.len() as u32 - 1)
    }

    pub(super) fn loop_body(&mut self, region: Region, cond: SBool) {
        let Some(RegionState::Loop { exit, .. }) = self.control.regions.get(region.0 as usize) else {
            self.fail("loop_body outside a loop");
            return;
        };
        let exit = *exit;
        self.open();
        let c = self.get(cond.0);
        let body = self.b.create_block();
        self.b.ins().brif(c, body, &[], exit, &[]);
        self.b.switch_to_block(body);
        self.learn(c);
    }

    pub(super) fn loop_end(&mut self, region: Region) {
        let Some(RegionState::Loop { header, latch, exit, pinned, safepoints }) =
            self.control.regions.get(region.0 as usize)
        else {
            self.fail("loop_end outside a loop");
            return;
        };
        let (header, latch, exit) = (*header, *latch, *exit);
        let calls = self.unit.safepoints > *safepoints;
        for &index in pinned {
            self.frame.pinned[index] = false;
        }
        self.control.regions.truncate(region.0 as usize);
        self.control.activation.loops.pop();
        self.jump(latch, &[]);
        // The latch, now that the body is known: code that runs while the loop's activation
        // is suspended in a call can invalidate the unit, so a loop making calls checks at
        // every back edge that its code is still valid, and otherwise resumes in the
        // interpreter at the next iteration's condition (a loop without calls cannot be
        // invalidated while it runs: it leaves at its transfer points).
        self.b.switch_to_block(latch);
        self.control.terminated = false;
        self.forget_spills();
        if calls {
            self.path_push(bonsai::exec::PathStep::LoopCondition);
            self.poll_invalidation();
            self.path_truncate(self.path_len() - 1);
        }
        self.jump(header, &[]);
        self.b.switch_to_block(exit);
        self.control.terminated = false;
        self.forget_spills();
    }

    pub(super) fn return_region_begin(&mut self) -> Region {
        let block = self.b.create_block();
        self.b.append_block_param(block, I64);
        self.b.append_block_param(block, I64);
        self.control.returns.push(block);
        self.control.regions.push(RegionState::Return { block });
        Region(self.control.regions.len() as u32 - 1)
    }

    pub(super) fn return_region_end(&mut self, region: Region, value: SValue) -> SValue {
        let block = match self.control.regions.get(region.0 as usize) {
            Some(RegionState::Return { block }) => *block,
            _ => {
                self.fail("return_region_end outside a return region");
                return value;
            }
        };
        self.control.regions.truncate(region.0 as usize);
        self.control.returns.pop();
        let (t, p) = (self.get(value.tag), self.get(value.payload));
        self.jump(block, &[t, p]);
        self.b.switch_to_block(block);
        self.control.terminated = false;
        self.forget_spills();
        let p = self.b.block_params(block).to_vec();
        SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
    }

    pub(super) fn break_loop(&mut self) -> Result<(), Bailout> {
        let (_, exit) = *self
            .control
            .activation
            .loops
            .last()
            .ok_or(Bailout::Unsupported(Unsupported::BreakOutsideLoop))?;
        self.jump(exit, &[]);
        Ok(())
    }

    pub(super) fn continue_loop(&mut self) -> Result<(), Bailout> {
        let (header, _) = *self
            .control
            .activation
            .loops
            .last()
            .ok_or(Bailout::Unsupported(Unsupported::ContinueOutsideLoop))?;
        self.jump(header, &[]);
        Ok(())
    }

    pub(super) fn return_value(&mut self, v: SValue) -> Result<(), Bailout> {
        let block =
            *self.control.returns.last().ok_or(Bailout::Unsupported(Unsupported::ReturnOutsideFunction))?;
        let (t, p) = (self.get(v.tag), self.get(v.payload));
        self.jump(block, &[t, p]);
        Ok(())
    }
}
