//! Control regions: guards, merge points, branches, loops and return regions, and the block
//! the code is being emitted into.

use super::deopt::Learn;
use super::frame::Spills;
use super::virtuals::{Disagreement, Edge, KeptObject};
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
    /// `then_edge`: how the `then` side reached the join (`None`: it ended before).
    Branch {
        else_block: Block,
        join: Block,
        has_value: bool,
        spills: Spills,
        then_edge: Option<Edge>,
    },
    /// `latch` is where the body's end and `continue` go; it is filled at the loop's end (the
    /// invalidation poll, when the body has safepoints, then the back edge to `header`).
    /// `osr`: the loop node's OSR point (which identifies the loop for the liveness of its
    /// locals at the header).
    Loop {
        header: Block,
        latch: Block,
        exit: Block,
        pinned: Vec<usize>,
        safepoints: usize,
        osr: *const bonsai::osr::OsrPoint,
        /// The objects the loop keeps virtual, and whether the loop is the OSR unit's own
        /// (see `Learn::MaterializeAtEntry`).
        kept: std::rc::Rc<Vec<KeptObject>>,
        own: bool,
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
    /// The open loops of this activation, innermost last.
    pub(super) loops: Vec<LoopEdges>,
    /// The fallback blocks failing guards branch to, innermost last, with the guards' edges.
    pub(super) guard_targets: Vec<(Block, Vec<Edge>)>,
    /// The open `catch_transfer` regions of this activation, innermost last.
    pub(super) catches: Vec<CatchRegion>,
}

/// An open `catch_transfer` region: its target, and its end (a block taking the value, with
/// the edges that reached it: the transfers the catch took).
pub(super) struct CatchRegion {
    pub(super) target: SValue,
    pub(super) exit: Block,
    pub(super) edges: Vec<Edge>,
    /// The index of the first object made in the region (see `Evaluator::merge_edges_leaving`).
    pub(super) first_object: usize,
}

impl ActivationControl {
    pub(super) fn new(error_block: Block) -> ActivationControl {
        ActivationControl { error_block, loops: Vec::new(), guard_targets: Vec::new(), catches: Vec::new() }
    }
}

/// An open loop's latch (where the body's end and `continue` go) and exit, and the edges
/// that reached them.
pub(super) struct LoopEdges {
    latch: Block,
    exit: Block,
    latch_edges: Vec<Edge>,
    exit_edges: Vec<Edge>,
}

/// A join point: its block and the jumps that reached it.
pub(super) struct Merge {
    block: Block,
    edges: Vec<Edge>,
}

/// The control state of a unit.
pub(super) struct ControlState {
    /// The current block ended (with a jump or return): code emitted now is unreachable.
    pub(super) terminated: bool,
    /// The blocks [`Evaluator::open`] made for code after a terminated block (after a
    /// `return`, say): no edge leads into them, so their jumps are no edges either (see
    /// [`Evaluator::edge_jump`]): a merge they would have joined keeps the facts of its
    /// reachable edges.
    pub(super) dead_blocks: cranelift_codegen::entity::EntitySet<Block>,
    /// Join points, by [`MergePoint`] index.
    pub(super) merges: Vec<Merge>,
    /// Open regions, by [`Region`] index.
    pub(super) regions: Vec<RegionState>,
    /// The blocks `return` jumps to, innermost last, with the returns' edges.
    pub(super) returns: Vec<(Block, Vec<Edge>)>,
    /// The innermost activation's loops, guard targets, catches and error exit.
    pub(super) activation: ActivationControl,
    /// Those of the activations it is inlined into, outermost (the unit's own) first: index
    /// `i` is the control of `frame.activations[i]`.
    pub(super) callers: Vec<ActivationControl>,
}

impl ControlState {
    pub(super) fn new(error_block: Block) -> ControlState {
        ControlState {
            terminated: false,
            dead_blocks: cranelift_codegen::entity::EntitySet::new(),
            merges: Vec::new(),
            regions: Vec::new(),
            returns: Vec::new(),
            activation: ActivationControl::new(error_block),
            callers: Vec::new(),
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
            self.control.dead_blocks.insert(dead);
            self.control.terminated = false;
        }
    }

    /// Whether the current block is one [`Evaluator::open`] made after a terminated block.
    pub(super) fn in_dead_block(&self) -> bool {
        self.b.current_block().is_some_and(|b| self.control.dead_blocks.contains(b))
    }

    pub(super) fn jump(&mut self, block: Block, args: &[ir::Value]) {
        if !self.control.terminated {
            let args: Vec<ir::BlockArg> = args.iter().map(|a| ir::BlockArg::Value(*a)).collect();
            self.b.ins().jump(block, &args);
            self.control.terminated = true;
        }
    }

    pub(super) fn guard(&mut self, cond: SBool) {
        let mut c = self.get(cond.0);
        let stress = self.unit.stress_deopt_every;
        if stress > 0 && !self.control.terminated {
            c = self.stress_guard(c, stress);
        } else if self.known(c) == Some(1) {
            return;
        }
        if self.control.activation.guard_targets.is_empty() {
            self.fail("guard outside a speculation");
            return;
        }
        self.open();
        let fallback = self.control.activation.guard_targets.last().expect("a guard target").0;
        let edge = self.edge_branch_unless(c, fallback, true);
        if let (Some(edge), Some((_, edges))) = (edge, self.control.activation.guard_targets.last_mut()) {
            edges.push(edge);
        }
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
        self.control.activation.guard_targets.push((block, Vec::new()));
    }

    pub(super) fn pop_guard_target(&mut self) -> bool {
        match self.control.activation.guard_targets.pop() {
            Some((block, edges)) => {
                if !self.control.terminated {
                    self.fail("entering a block from an open block");
                }
                let reached = !edges.is_empty();
                self.merge_edges(block, edges);
                reached
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
        self.control.merges.push(Merge { block, edges: Vec::new() });
        MergePoint(self.control.merges.len() as u32 - 1)
    }

    pub(super) fn jump_to_merge(&mut self, m: MergePoint, v: SValue) {
        let block = self.control.merges[m.0 as usize].block;
        if let Some(edge) = self.edge_jump(block, Some(v)) {
            self.control.merges[m.0 as usize].edges.push(edge);
        }
    }

    /// Continues at `m`. When a single jump reaches it (a speculation whose slow path
    /// deoptimizes), the value is that jump's, constants included, so what its producer
    /// established (e.g. the tag of a boxed integer) is known after the merge.
    pub(super) fn enter_merge(&mut self, m: MergePoint) -> SValue {
        let merge = &mut self.control.merges[m.0 as usize];
        let (block, edges) = (merge.block, std::mem::take(&mut merge.edges));
        if !self.control.terminated {
            self.fail("entering a block from an open block");
        }
        self.enter_with_value(block, edges)
    }

    /// Enters `block` (with a tag and a payload parameter) from `edges`: its value.
    pub(super) fn enter_with_value(&mut self, block: Block, edges: Vec<Edge>) -> SValue {
        self.enter_with_value_leaving(block, edges, None)
    }

    /// [`Evaluator::enter_with_value`] at the end of a region whose own objects are those from
    /// index `scope` on (see [`Evaluator::merge_edges_leaving`]).
    pub(super) fn enter_with_value_leaving(
        &mut self,
        block: Block,
        edges: Vec<Edge>,
        scope: Option<usize>,
    ) -> SValue {
        let single = edges.len() == 1;
        match self.merge_edges_leaving(block, edges, scope) {
            Some(v) => v,
            None if single || self.control.terminated => self.unit.unreachable_value,
            None => {
                let p = self.b.block_params(block).to_vec();
                SValue { tag: self.v(p[0]), payload: self.v(p[1]) }
            }
        }
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
            then_edge: None,
        });
        Region(self.control.regions.len() as u32 - 1)
    }

    pub(super) fn branch_else(&mut self, region: Region, value: Option<SValue>) {
        let Some(RegionState::Branch { else_block, join, has_value, .. }) =
            self.control.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_else outside a branch");
            return;
        };
        let (else_block, join) = (*else_block, *join);
        if value.is_some() {
            *has_value = true;
            self.b.append_block_param(join, I64);
            self.b.append_block_param(join, I64);
        }
        let edge = self.edge_jump(join, value);
        let Some(RegionState::Branch { spills, then_edge, .. }) =
            self.control.regions.get_mut(region.0 as usize)
        else {
            return;
        };
        *then_edge = edge;
        self.frame.spills = spills.clone();
        self.b.switch_to_block(else_block);
        self.control.terminated = false;
    }

    pub(super) fn branch_end(&mut self, region: Region, value: Option<SValue>) -> Option<SValue> {
        let Some(RegionState::Branch { join, has_value, then_edge, .. }) =
            self.control.regions.get_mut(region.0 as usize)
        else {
            self.fail("branch_end outside a branch");
            return None;
        };
        let (join, has_value, then_edge) = (*join, *has_value, then_edge.take());
        self.control.regions.truncate(region.0 as usize);
        if value.is_some() != has_value {
            self.fail("branch sides disagree on carrying a value");
        }
        let else_edge = self.edge_jump(join, value);
        let edges: Vec<Edge> = then_edge.into_iter().chain(else_edge).collect();
        if !has_value {
            self.merge_edges(join, edges);
            return None;
        }
        // One side reaching the join (the other left, e.g. for the interpreter): its value,
        // constants and facts included.
        Some(self.enter_with_value(join, edges))
    }

    /// Whether the loop about to start is the one an OSR unit starts with (the unit's own: what
    /// its entry checks speculated on is learned by discarding only this loop's code).
    pub(super) fn starts_osr_unit(&self) -> bool {
        self.unit.kind == super::unit::UnitKind::Osr
            && self.frame.activations.len() == 1
            && self.control.activation.loops.is_empty()
    }

    pub(super) fn loop_begin(&mut self, osr: &bonsai::osr::OsrPoint) -> Region {
        self.open();
        // The header merges the entry with the back edges, which the body is not emitted for
        // yet: the objects made before the loop enter it virtual, speculating that they stay
        // so and held as they are now (the back edge checks it, and deoptimizes where it does
        // not hold: the loop then learns to take them in memory, as it does from the start
        // with allocation removal off).
        let own = self.starts_osr_unit();
        let kept = if self.unit.allocation_removal && osr.keeps_objects_virtual() {
            self.objects_kept_through_loop(osr)
        } else {
            self.materialize_all();
            Vec::new()
        };
        let pinned = self.pin_int_slots(osr);
        let depth = 1 + self.control.regions.iter().filter(|r| matches!(r, RegionState::Loop { .. })).count();
        self.unit.max_loop_depth = self.unit.max_loop_depth.max(depth);
        // Linked once before the loop rather than again in every iteration whose body calls.
        self.link_unit_record();
        // The frame in memory made current once before the loop: a transfer point inside it
        // then stores only the locals the loop changed, so the others (the loop-invariant
        // ones, see `keep_loop_invariants`) are not kept in registers through the loop just
        // for its deoptimization exits. (Locals holding a kept object are stored by the
        // transfer points, which materialize it.)
        self.sync_frame_keeping_virtuals(true);
        let header = self.b.create_block();
        let latch = self.b.create_block();
        let exit = self.b.create_block();
        let entry = self.frame.spills.clone();
        self.jump(header, &[]);
        self.b.switch_to_block(header);
        self.control.terminated = false;
        self.forget_spills();
        self.keep_loop_invariants(osr, &entry);
        self.enter_loop_keeping(&kept);
        self.define_pinned_tags();
        self.control.activation.loops.push(LoopEdges {
            latch,
            exit,
            latch_edges: Vec::new(),
            exit_edges: Vec::new(),
        });
        let safepoints = self.unit.safepoints;
        let osr = osr as *const bonsai::osr::OsrPoint;
        let kept = std::rc::Rc::new(kept);
        self.control.regions.push(RegionState::Loop {
            header,
            latch,
            exit,
            pinned,
            safepoints,
            osr,
            kept,
            own,
        });
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
        let edge = self.edge_branch_unless(c, exit, false);
        if let (Some(edge), Some(l)) = (edge, self.control.activation.loops.last_mut()) {
            l.exit_edges.push(edge);
        }
        self.learn(c);
    }

    pub(super) fn loop_end(&mut self, region: Region) {
        let Some(&RegionState::Loop { header, latch, exit, ref pinned, safepoints, osr, ref kept, own }) =
            self.control.regions.get(region.0 as usize)
        else {
            self.fail("loop_end outside a loop");
            return;
        };
        let kept = kept.clone();
        let calls = self.unit.safepoints > safepoints;
        for &index in pinned.clone().iter() {
            self.frame.pinned[index] = false;
        }
        self.control.regions.truncate(region.0 as usize);
        if let Some(edge) = self.edge_jump(latch, None) {
            if let Some(l) = self.control.activation.loops.last_mut() {
                l.latch_edges.push(edge);
            }
        }
        let Some(edges) = self.control.activation.loops.pop() else {
            self.fail("unbalanced loops");
            return;
        };
        // The latch, now that the body is known. A local holding an object still virtual
        // there is dropped when no path from the header reads it before writing it, and the
        // object materialized otherwise. Then: code that runs while the loop's activation is
        // suspended in a call can invalidate the unit, so a loop making calls checks at every
        // back edge that its code is still valid, and otherwise resumes in the interpreter at
        // the next iteration's condition (a loop without calls cannot be invalidated while it
        // runs: it leaves at its transfer points).
        self.merge_edges(latch, edges.latch_edges);
        if !self.control.terminated && !kept.is_empty() {
            if let Err(why) = self.kept_objects_agree(&kept) {
                // The speculation on the objects the loop keeps virtual failed on the way here:
                // the next iteration continues in the interpreter, and the loop learns.
                let (reason, learn) = match why {
                    Disagreement::Escaped => (
                        "an object the loop kept virtual escaped in it".to_string(),
                        Learn::MaterializeAtEntry(osr as usize, own),
                    ),
                    Disagreement::SlotVaries(shape, slot) => (
                        format!("slot {slot} of an object the loop kept virtual changed in it"),
                        Learn::SlotVaries(osr as usize, shape as *const _ as usize, slot, own),
                    ),
                };
                self.path_push(bonsai::exec::PathStep::LoopCondition);
                self.transfer_learning(reason, learn);
                self.path_truncate(self.path_len() - 1);
            }
        }
        if !self.control.terminated {
            self.drop_dead_objects(osr, &kept);
            if calls {
                self.path_push(bonsai::exec::PathStep::LoopCondition);
                self.poll_invalidation();
                self.path_truncate(self.path_len() - 1);
            }
            self.jump(header, &[]);
        }
        self.merge_edges(exit, edges.exit_edges);
    }

    pub(super) fn return_region_begin(&mut self) -> Region {
        let block = self.b.create_block();
        self.b.append_block_param(block, I64);
        self.b.append_block_param(block, I64);
        self.control.returns.push((block, Vec::new()));
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
        let edge = self.edge_jump(block, Some(value));
        let mut edges = self.control.returns.pop().map(|(_, e)| e).unwrap_or_default();
        edges.extend(edge);
        self.enter_with_value(block, edges)
    }

    pub(super) fn break_loop(&mut self) -> Result<(), Bailout> {
        let exit = self
            .control
            .activation
            .loops
            .last()
            .ok_or(Bailout::Unsupported(Unsupported::BreakOutsideLoop))?
            .exit;
        if let Some(edge) = self.edge_jump(exit, None) {
            if let Some(l) = self.control.activation.loops.last_mut() {
                l.exit_edges.push(edge);
            }
        }
        Ok(())
    }

    pub(super) fn continue_loop(&mut self) -> Result<(), Bailout> {
        let latch = self
            .control
            .activation
            .loops
            .last()
            .ok_or(Bailout::Unsupported(Unsupported::ContinueOutsideLoop))?
            .latch;
        if let Some(edge) = self.edge_jump(latch, None) {
            if let Some(l) = self.control.activation.loops.last_mut() {
                l.latch_edges.push(edge);
            }
        }
        Ok(())
    }

    pub(super) fn catch_begin(&mut self, target: SValue) {
        let exit = self.b.create_block();
        self.b.append_block_param(exit, I64);
        self.b.append_block_param(exit, I64);
        let first_object = self.virtuals.objects.len();
        self.control.activation.catches.push(CatchRegion { target, exit, edges: Vec::new(), first_object });
        self.path_push(bonsai::exec::PathStep::Region);
    }

    pub(super) fn catch_end(&mut self, value: SValue) -> SValue {
        let Some(catch) = self.control.activation.catches.pop() else {
            self.fail("catch_end outside a catch");
            return value;
        };
        let mut edges = catch.edges;
        edges.extend(self.edge_jump(catch.exit, Some(value)));
        self.enter_with_value_leaving(catch.exit, edges, Some(catch.first_object))
    }

    /// The open catches of the activation and of those it is inlined into, innermost first:
    /// (inlining level — 0 is the unit's own activation —, index in that level's catches).
    pub(super) fn open_catches(&self) -> Vec<(usize, usize)> {
        let current = self.control.callers.len();
        let mut open: Vec<(usize, usize)> =
            (0..self.control.activation.catches.len()).rev().map(|i| (current, i)).collect();
        for level in (0..current).rev() {
            open.extend((0..self.control.callers[level].catches.len()).rev().map(|i| (level, i)));
        }
        open
    }

    /// The open catch at `index` of the activation at inlining level `level`.
    pub(super) fn catch_at(&mut self, level: usize, index: usize) -> &mut CatchRegion {
        if level == self.control.callers.len() {
            &mut self.control.activation.catches[index]
        } else {
            &mut self.control.callers[level].catches[index]
        }
    }

    pub(super) fn jump_to_catch(&mut self, target: SValue, value: SValue) -> bool {
        self.open();
        for (level, index) in self.open_catches() {
            let catch_target = self.catch_at(level, index).target;
            let same = self.same(target, catch_target);
            match self.known(self.get(same.0)) {
                Some(0) => continue,
                Some(_) => {
                    self.jump_out_to_catch(level, index, value);
                    return true;
                }
                None => {
                    let c = self.get(same.0);
                    self.branch_to_catch(c, false, level, index, |_| value);
                }
            }
        }
        false
    }

    /// Where `cond` (non-zero) holds, a side path (laid out `cold` or not) jumps to the end of
    /// the catch at `index` of the activation at `level` with the value `value` emits there;
    /// the code goes on where it does not hold, with the state it had before the side path.
    pub(super) fn branch_to_catch(
        &mut self,
        cond: ir::Value,
        cold: bool,
        level: usize,
        index: usize,
        value: impl FnOnce(&mut Self) -> SValue,
    ) {
        let (taken, next) = (self.b.create_block(), self.b.create_block());
        if cold {
            self.b.set_cold_block(taken);
            self.b.set_cold_block(next);
        }
        self.b.ins().brif(cond, taken, &[], next, &[]);
        self.b.switch_to_block(taken);
        let spills = self.frame.spills.clone();
        let v = value(self);
        self.jump_out_to_catch(level, index, v);
        self.frame.spills = spills;
        self.control.terminated = false;
        self.b.switch_to_block(next);
    }

    /// Jumps with `value` to the end of the catch at `index` of the activation at `level`,
    /// leaving the activations inlined into it: the edge keeps only that activation's slots
    /// and those of its callers.
    pub(super) fn jump_out_to_catch(&mut self, level: usize, index: usize, value: SValue) {
        let exit = self.catch_at(level, index).exit;
        let Some(mut edge) = self.edge_jump(exit, Some(value)) else { return };
        if let Some(inner) = self.frame.activations.get(level + 1) {
            edge.spills.truncate(inner.slot_base, inner.word_base);
        }
        self.catch_at(level, index).edges.push(edge);
    }

    pub(super) fn return_value(&mut self, v: SValue) -> Result<(), Bailout> {
        let block =
            self.control.returns.last().ok_or(Bailout::Unsupported(Unsupported::ReturnOutsideFunction))?.0;
        if let Some(edge) = self.edge_jump(block, Some(v)) {
            if let Some((_, edges)) = self.control.returns.last_mut() {
                edges.push(edge);
            }
        }
        Ok(())
    }
}
