//! Frame-slot liveness at loop headers: the *liveness* instance of the execution domain, which
//! evaluates a whole tree abstractly and reports, for each loop, the frame slots the rest of
//! the activation may read before writing them.
//!
//! **What.** A slot is *live at a loop's header* when some execution path from the header —
//! through the rest of the loop body, further iterations, and on after the loop exits to the
//! end of the function — reads the slot before writing it. [`loop_liveness`] computes that set
//! for every loop of a call target's tree ([`LoopLiveness::is_live_at_header`]).
//!
//! **Why.** The partial evaluator keeps virtual objects (allocations it removed) in frame
//! slots. At a loop back edge the state of each slot must be merged into the loop header; a
//! slot dead there can be dropped instead of materializing the object it holds. Truffle's
//! analogue is the Bytecode DSL's liveness analysis (and the frame clearing it enables): a
//! local dead at a point is cleared rather than kept alive in the frame state.
//!
//! **How.** This is the fourth instance of the one node definition (invariant 2): node
//! semantics run in [`Liveness`], whose values are `()` and whose state is a *path state*: for
//! each loop whose header the current path has passed, the set of slots written since that
//! header on this path (a forward "upward-exposed reads" analysis in execution order). A
//! `read_local` of a slot missing from a loop's written set marks the slot live at that loop;
//! a `write_local` adds the slot to every written set. Control flow is modeled, not taken:
//! both sides of every `if_then_else`/`choose` run, from copies of the state, and the states
//! meet (per loop, the intersection of the written sets); `break_loop`, `continue_loop` and
//! `return_value` end the path and hand its state to the loop exit, the loop's back edge or
//! the enclosing `catch_return`. `repeat` starts a fresh (empty) written set for its own loop,
//! runs the condition (the state after it is an exit) and the body; when the body passed the
//! header of a loop that the state before the loop did not have (a nested or a later loop),
//! it runs the condition and the body once more from the meet of the entry state and the
//! back-edge states, so that reads reached by going around the back edge are checked against
//! those loops too. Nothing in this domain completes abruptly (`Abrupt` is [`Infallible`]).
//!
//! **Soundness.** The written set of a loop at a point is the intersection, over the paths
//! the analysis followed from the loop's header to that point, of the slots they wrote, so a
//! read is reported live whenever one such path does not write the slot first. The meet keeps
//! a loop's entry when only one side has it: the other side did not pass that header, so the
//! paths from the header are exactly the first side's. Every path the interpreter can take is
//! covered up to paths that only write more: a path that goes once more around a loop without
//! passing a header again has a written set that includes that of the path without the detour,
//! so only paths that take each back edge at most once, from the inside out, matter. The first
//! pass of a loop (nested loops doing the same) follows every path from an inner header to
//! the loop's back edge, and its second pass follows the forward paths from the header onward
//! with those states; inside a second pass, nested loops need (and get) one pass only, as
//! their own detours were followed when the code was first analyzed. The cost is the tree size
//! times (1 + loop nesting depth), not exponential: each side of an `if` runs once per visit.
//!
//! The analysis follows the *interpreter's* semantics, the complete program:
//! `transfer_to_interpreter` runs its slow path (code compiled code does not contain, but the
//! activation continues there after a deoptimization), and `dispatch_cached` runs every cache
//! entry and the miss. It relies on these rules, which node authors must keep:
//!
//! * **Specialization bodies, a specializing node's slow path (specialize-and-execute, its
//!   fallback), boundaries and builtins do not execute child nodes and do not access frame
//!   slots.** (A slow path a node passes to `transfer_to_interpreter` may: it runs here.) A specializing node evaluates its operands itself
//!   and passes them to [`Domain::specialized`], which is `()` here without running any
//!   body; a boundary receives concrete values (it could reach the frame through
//!   [`Interp::frame`](crate::exec::Interp), which it must not do for the activation's
//!   slots). A slot accessed elsewhere than by `read_local`/`write_local` of its own root's
//!   tree must be marked captured
//!   ([`FrameDescriptor::capture`](crate::frame::FrameDescriptor::capture)): captured slots
//!   are live at every header.
//! * Calls do not touch the caller's frame (again, except captured slots); the analysis does
//!   not follow them.
//! * `break_loop`/`continue_loop` act on the innermost `repeat`, `return_value` on the
//!   innermost `catch_return`.
//!
//! Conditions are not evaluated (a `Bool` is `()`): every branch is taken to be possible,
//! and so is every loop's exit after its condition, `while (true)` included. The result is
//! therefore exact for the paths of the tree's control structure and conservative where a
//! condition is constant.
//!
//! A loop the analysis did not see (a node not in the tree, or a tree rewritten since) is
//! reported with every slot live. The result is for the tree's current state (the one the
//! partial evaluator compiles): a node whose `execute` picks the children it runs from its
//! specialization state may run others after a rewrite, so compute it again for each
//! compilation rather than caching it across rewrites.

use super::{Domain, FloatCmp, FloatOp, IntCmp, IntOp, Interp, Miss};
use crate::call::CallTarget;
use crate::error::GuestError;
use crate::frame::FrameSlot;
use crate::function::FunctionRef;
use crate::node::Node;
use crate::object::{Location, ShapeRef};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::specialization::Specialize;
use crate::value::{Tag, Value};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::convert::Infallible;

/// A set of frame slots: bit `i % 64` of word `i / 64` is slot `i`. Grows on insertion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct SlotSet(SmallVec<[u64; 2]>);

impl SlotSet {
    fn contains(&self, slot: FrameSlot) -> bool {
        let i = slot.0 as usize;
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn insert(&mut self, slot: FrameSlot) {
        let i = slot.0 as usize;
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn intersect(&mut self, other: &SlotSet) {
        self.0.truncate(other.0.len());
        for (w, o) in self.0.iter_mut().zip(&other.0) {
            *w &= o;
        }
    }

    fn union(&mut self, other: &SlotSet) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (w, o) in self.0.iter_mut().zip(&other.0) {
            *w |= o;
        }
    }

    fn slots(&self) -> impl Iterator<Item = FrameSlot> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            (0..64).filter(move |b| w & (1 << b) != 0).map(move |b| FrameSlot((i * 64 + b) as u32))
        })
    }
}

/// One loop whose header the current path passed: the loop (an index into
/// [`Liveness::loops`]) and the slots written since its header.
#[derive(Clone, Debug)]
struct Entry {
    index: usize,
    written: SlotSet,
}

/// The abstract state of the current path: the loops whose header it passed, each with the
/// slots written since; or unreachable (after a `break_loop`, `continue_loop` or
/// `return_value`).
#[derive(Clone, Debug, Default)]
struct PathState {
    reachable: bool,
    entries: SmallVec<[Entry; 4]>,
}

impl PathState {
    fn unreachable() -> PathState {
        PathState { reachable: false, entries: SmallVec::new() }
    }

    fn start() -> PathState {
        PathState { reachable: true, entries: SmallVec::new() }
    }

    /// The state where the paths of `self` and of `other` join: per loop, the slots written on
    /// both (an entry on one side only is kept as it is, the other side having not passed
    /// that header). An unreachable side is the identity.
    fn meet(&mut self, other: &PathState) {
        if !other.reachable {
            return;
        }
        if !self.reachable {
            *self = other.clone();
            return;
        }
        for e in &mut self.entries {
            if let Some(o) = other.entries.iter().find(|o| o.index == e.index) {
                e.written.intersect(&o.written);
            }
        }
        for o in &other.entries {
            if !self.entries.iter().any(|e| e.index == o.index) {
                self.entries.push(o.clone());
            }
        }
    }

    /// Passing loop `index`'s header: nothing written since.
    fn enter(&mut self, index: usize) {
        match self.entries.iter_mut().find(|e| e.index == index) {
            Some(e) => e.written = SlotSet::default(),
            None => self.entries.push(Entry { index, written: SlotSet::default() }),
        }
    }

    /// Whether `self` has an entry for a loop other than `own` that `before` lacks.
    fn has_new_loops(&self, before: &PathState, own: usize) -> bool {
        self.entries.iter().any(|e| e.index != own && !before.entries.iter().any(|b| b.index == e.index))
    }
}

/// The paths leaving the innermost `repeat` abruptly.
struct LoopExits {
    breaks: PathState,
    continues: PathState,
}

/// The liveness domain: runs node semantics over path states and records, per loop, the
/// slots read before being written on some path from its header. See the module doc.
pub struct Liveness {
    state: PathState,
    /// Per loop in the order first met: its OSR point's address and its live slots.
    loops: Vec<(usize, SlotSet)>,
    by_address: HashMap<usize, usize>,
    /// The innermost `repeat`s' abrupt exits (innermost last).
    exits: Vec<LoopExits>,
    /// The states at each `return_value` of the innermost `catch_return`s (innermost last).
    returns: Vec<PathState>,
    /// How many enclosing `repeat`s are in their second pass (where nested loops run once).
    second_passes: usize,
    /// Per loop (as `loops`), the slots some write inside it (its condition, its body and the
    /// loops nested in them) may assign.
    written: Vec<SlotSet>,
    /// The loops whose condition or body is being run, innermost last (indices in `loops`).
    open: Vec<usize>,
}

impl Liveness {
    fn new() -> Liveness {
        Liveness {
            state: PathState::start(),
            loops: Vec::new(),
            by_address: HashMap::new(),
            exits: Vec::new(),
            returns: Vec::new(),
            second_passes: 0,
            written: Vec::new(),
            open: Vec::new(),
        }
    }

    fn loop_index(&mut self, osr: &OsrPoint) -> usize {
        let address = osr as *const OsrPoint as usize;
        let (loops, written) = (&mut self.loops, &mut self.written);
        *self.by_address.entry(address).or_insert_with(|| {
            loops.push((address, SlotSet::default()));
            written.push(SlotSet::default());
            loops.len() - 1
        })
    }

    fn end_path(&mut self) {
        self.state = PathState::unreachable();
    }
}

/// The slots live at each loop header of one call target's tree (see the module doc).
#[derive(Clone, Debug)]
pub struct LoopLiveness {
    loops: Vec<(usize, SlotSet)>,
    by_address: HashMap<usize, usize>,
    /// Per loop, the slots written inside it.
    written: Vec<SlotSet>,
    /// Captured slots: live everywhere.
    captured: SlotSet,
}

impl LoopLiveness {
    /// `is_live_at_header osr, slot` → whether some path from the header of the loop owning
    /// `osr` may read `slot` before writing it. `true` for a captured slot and for a loop the
    /// analysis did not see.
    pub fn is_live_at_header(&self, osr: &OsrPoint, slot: FrameSlot) -> bool {
        let address = osr as *const OsrPoint as usize;
        match self.by_address.get(&address) {
            Some(&i) => self.captured.contains(slot) || self.loops[i].1.contains(slot),
            None => true,
        }
    }

    /// `is_written_in_loop osr, slot` → whether a write inside the loop owning `osr` (its
    /// condition, its body, the loops nested in them) may assign `slot`. `true` for a captured
    /// slot and for a loop the analysis did not see. A slot no write assigns holds the value
    /// it had on entry throughout the loop.
    pub fn is_written_in_loop(&self, osr: &OsrPoint, slot: FrameSlot) -> bool {
        let address = osr as *const OsrPoint as usize;
        match self.by_address.get(&address) {
            Some(&i) => self.captured.contains(slot) || self.written[i].contains(slot),
            None => true,
        }
    }

    /// Every loop seen, in the order the analysis first met it (the tree's execution order):
    /// its [`OsrPoint`]'s address and its live slots (captured ones included), ascending.
    pub fn loops(&self) -> impl Iterator<Item = (usize, Vec<FrameSlot>)> + '_ {
        self.loops.iter().map(|(address, live)| {
            let mut all = live.clone();
            all.union(&self.captured);
            (*address, all.slots().collect())
        })
    }
}

/// `loop_liveness target` → the slots live at each loop header of `target`'s tree, for the
/// tree's current state (see the module doc).
pub fn loop_liveness(target: &CallTarget) -> LoopLiveness {
    let mut d = Liveness::new();
    let Ok(()) = target.body().execute_liveness(&mut d);
    let mut captured = SlotSet::default();
    for (slot, info) in target.frame_descriptor().slots() {
        if info.is_captured() {
            captured.insert(slot);
        }
    }
    LoopLiveness { loops: d.loops, by_address: d.by_address, written: d.written, captured }
}

impl Domain for Liveness {
    type Value = ();
    type Int = ();
    type Float = ();
    type Bool = ();
    /// Nothing completes abruptly here: control flow is in the path state.
    type Abrupt = Infallible;

    fn execute(&mut self, node: &dyn Node) -> Result<(), Infallible> {
        node.execute_liveness(self)
    }

    fn constant(&mut self, _: Value) {}
    fn int_constant(&mut self, _: i64) {}
    fn bool_constant(&mut self, _: bool) {}
    fn box_int(&mut self, _: ()) {}
    fn box_bool(&mut self, _: ()) {}
    fn has_tag(&mut self, _: (), _: Tag) {}
    fn unbox_int(&mut self, _: ()) {}
    fn unbox_bool(&mut self, _: ()) {}
    fn same(&mut self, _: (), _: ()) {}
    fn int_op_checked(&mut self, _: IntOp, _: (), _: ()) -> ((), ()) {
        ((), ())
    }
    fn int_compare(&mut self, _: IntCmp, _: (), _: ()) {}
    fn float_constant(&mut self, _: f64) {}
    fn box_double(&mut self, _: ()) {}
    fn unbox_double(&mut self, _: ()) {}
    fn float_op(&mut self, _: FloatOp, _: (), _: ()) {}
    fn float_compare(&mut self, _: FloatCmp, _: (), _: ()) {}
    fn int_to_float(&mut self, _: ()) {}
    fn not(&mut self, _: ()) {}
    fn and(&mut self, _: (), _: ()) {}
    fn or(&mut self, _: (), _: ()) {}

    /// Both outcomes are followed: the code after the guard here, the other specializations
    /// and the slow path by `specialized`/`transfer_to_interpreter`.
    fn guard(&mut self, _: ()) -> Result<(), Miss<Infallible>> {
        Ok(())
    }

    /// Runs `slow`: the interpreter's semantics, where a deoptimized activation continues.
    fn transfer_to_interpreter(
        &mut self,
        _reason: &dyn Fn() -> String,
        slow: impl FnOnce(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        slow(self)
    }

    /// The operands were evaluated by the node; the bodies and the slow path read no slot and
    /// execute no child (the rule in the module doc), so there is nothing to run.
    fn specialized<N: Specialize<A>, const A: usize>(&mut self, _: &N, _: [(); A]) -> Result<(), Infallible> {
        Ok(())
    }

    fn if_then_else(
        &mut self,
        _: (),
        _: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<(), Infallible>,
        mut else_branch: impl FnMut(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        let before = self.state.clone();
        then_branch(self)?;
        let after_then = std::mem::replace(&mut self.state, before);
        else_branch(self)?;
        self.state.meet(&after_then);
        Ok(())
    }

    fn choose(
        &mut self,
        cond: (),
        profile: &ConditionProfile,
        then_branch: impl FnMut(&mut Self) -> Result<(), Infallible>,
        else_branch: impl FnMut(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        self.if_then_else(cond, profile, then_branch, else_branch)
    }

    fn repeat(
        &mut self,
        _: &dyn Node,
        osr: &OsrPoint,
        mut cond: impl FnMut(&mut Self) -> Result<(), Infallible>,
        mut body: impl FnMut(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        let index = self.loop_index(osr);
        // A loop in code no path reaches is analyzed on its own, so its header has a result.
        let reached = self.state.reachable;
        if !reached {
            self.state = PathState::start();
        }
        self.state.enter(index);
        self.open.push(index);
        let header = self.state.clone();
        self.exits.push(LoopExits { breaks: PathState::unreachable(), continues: PathState::unreachable() });
        let mut exit = PathState::unreachable();

        cond(self)?;
        exit.meet(&self.state);
        body(self)?;
        let mut back_edge = std::mem::replace(&mut self.state, PathState::unreachable());
        if let Some(top) = self.exits.last_mut() {
            back_edge.meet(&std::mem::replace(&mut top.continues, PathState::unreachable()));
        }

        // Around the back edge: only loops first passed in this iteration add paths (the
        // written sets of the others only grew), and a second pass nested in another one
        // is covered by the first (module doc).
        if self.second_passes == 0 && back_edge.has_new_loops(&header, index) {
            let mut header2 = header;
            header2.meet(&back_edge);
            header2.enter(index);
            self.state = header2;
            self.second_passes += 1;
            let second = cond(self).and_then(|()| {
                exit.meet(&self.state);
                body(self)
            });
            self.second_passes -= 1;
            second?;
        }

        if let Some(top) = self.exits.pop() {
            exit.meet(&top.breaks);
        }
        self.open.pop();
        self.state = if reached { exit } else { PathState::unreachable() };
        Ok(())
    }

    fn break_loop(&mut self) -> Result<(), Infallible> {
        if let Some(top) = self.exits.last_mut() {
            top.breaks.meet(&self.state);
        }
        self.end_path();
        Ok(())
    }

    fn continue_loop(&mut self) -> Result<(), Infallible> {
        if let Some(top) = self.exits.last_mut() {
            top.continues.meet(&self.state);
        }
        self.end_path();
        Ok(())
    }

    fn return_value(&mut self, _: ()) -> Result<(), Infallible> {
        if let Some(top) = self.returns.last_mut() {
            top.meet(&self.state);
        }
        self.end_path();
        Ok(())
    }

    fn catch_transfer(
        &mut self,
        _target: (),
        mut body: impl FnMut(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        body(self)
    }

    fn catch_return(
        &mut self,
        mut body: impl FnMut(&mut Self) -> Result<(), Infallible>,
    ) -> Result<(), Infallible> {
        self.returns.push(PathState::unreachable());
        let r = body(self);
        if let Some(returned) = self.returns.pop() {
            self.state.meet(&returned);
        }
        r
    }

    fn read_local(&mut self, slot: FrameSlot) {
        if !self.state.reachable {
            return;
        }
        for e in &self.state.entries {
            if !e.written.contains(slot) {
                self.loops[e.index].1.insert(slot);
            }
        }
    }

    fn write_local(&mut self, slot: FrameSlot, _: ()) {
        for &i in &self.open {
            self.written[i].insert(slot);
        }
        if !self.state.reachable {
            return;
        }
        for e in &mut self.state.entries {
            e.written.insert(slot);
        }
    }

    fn argument(&mut self, _: usize) {}
    fn shape_of(&mut self, _: ()) {}
    fn load_slot(&mut self, _: (), _: Location) {}
    fn store_slot(&mut self, _: (), _: Location, _: ()) {}
    fn set_shape(&mut self, _: (), _: ShapeRef) {}
    fn new_object(&mut self, _: ShapeRef) {}
    fn element_count(&mut self, _: ()) {}
    fn load_element(&mut self, _: (), _: ()) {}
    fn store_element(&mut self, _: (), _: (), _: ()) {}
    fn element_capacity(&mut self, _: ()) {}
    fn extension_capacity(&mut self, _: ()) {}
    fn set_element_count(&mut self, _: (), _: ()) {}

    /// The callee's frame is its own (captured slots aside, which are always live).
    fn call_function(&mut self, _: FunctionRef, _: &[()]) -> Result<(), Infallible> {
        Ok(())
    }

    fn call_function_value(&mut self, _: (), _: &[()]) -> Result<(), Infallible> {
        Ok(())
    }

    fn boundary<N, F>(&mut self, _: &N, _: F, _: &[()]) -> Result<(), Infallible>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'static,
    {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::*;
    use super::*;
    use crate::node::NodeBox;

    // Slots of the test trees.
    const I: u32 = 0;
    const N: u32 = 1;
    const P: u32 = 2;
    const Q: u32 = 3;

    fn seq(nodes: Vec<NodeBox>) -> NodeBox {
        Box::new(T::Seq(nodes))
    }
    fn if_(cond: NodeBox, then_branch: NodeBox, else_branch: Option<NodeBox>) -> NodeBox {
        Box::new(T::If(cond, then_branch, else_branch, ConditionProfile::new()))
    }
    fn while_(cond: NodeBox, body: NodeBox) -> NodeBox {
        while_at(Box::leak(Box::new(OsrPoint::new())), cond, body)
    }
    fn while_at(osr: &'static OsrPoint, cond: NodeBox, body: NodeBox) -> NodeBox {
        Box::new(T::While(osr, cond, body))
    }
    fn node(t: T) -> NodeBox {
        Box::new(t)
    }

    /// The live slots of each loop of `body`, in the order the loops are first met.
    fn live(body: NodeBox) -> Vec<Vec<u32>> {
        loop_liveness(target(body)).loops().map(|(_, slots)| slots.iter().map(|s| s.0).collect()).collect()
    }

    #[test]
    fn a_slot_written_before_it_is_read_in_every_iteration_is_dead() {
        // while (i < n) { p = new(); p.x = i; i = i + 1; }
        let body = seq(vec![w(P, c()), seq(vec![r(P), r(I)]), w(I, seq(vec![r(I), c()]))]);
        assert_eq!(live(while_(seq(vec![r(I), r(N)]), body)), [[I, N]]);
    }

    #[test]
    fn the_slots_a_loop_writes_include_its_nested_loops_and_its_condition() {
        // p = 1; while (i) { while ((q = n)) { i = 1; } }
        let inner = while_(w(Q, r(N)), w(I, c()));
        let outer_osr: &'static OsrPoint = Box::leak(Box::new(OsrPoint::new()));
        let tree = seq(vec![w(P, c()), while_at(outer_osr, r(I), inner)]);
        let liveness = loop_liveness(target(tree));
        let written: Vec<u32> = [I, N, P, Q]
            .into_iter()
            .filter(|&s| liveness.is_written_in_loop(outer_osr, FrameSlot(s)))
            .collect();
        assert_eq!(written, [I, Q]);
    }

    #[test]
    fn a_slot_read_after_the_loop_is_live() {
        // while (i) { p = 1; } p;
        assert_eq!(live(seq(vec![while_(r(I), w(P, c())), r(P)])), [[I, P]]);
    }

    #[test]
    fn a_slot_read_in_the_body_before_its_write_is_live() {
        // while (i) { p; p = 1; }
        assert_eq!(live(while_(r(I), seq(vec![r(P), w(P, c())]))), [[I, P]]);
    }

    #[test]
    fn a_slot_written_in_one_branch_only_is_live_and_in_both_dead() {
        // while (i) { if (n) { p = 1; } p; }
        let one = while_(r(I), seq(vec![if_(r(N), w(P, c()), None), r(P)]));
        assert_eq!(live(one), [[I, N, P]]);
        // while (i) { if (n) { p = 1; } else { p = 1; } p; }
        let both = while_(r(I), seq(vec![if_(r(N), w(P, c()), Some(w(P, c()))), r(P)]));
        assert_eq!(live(both), [[I, N]]);
    }

    #[test]
    fn nested_loops_see_reads_around_the_outer_back_edge() {
        // while (i) { q; p = 1; while (n) { q = p; } i = 1; }
        // Inner header: `p` read in its body, `n` in its condition, and `q` once the outer
        // loop comes around (when the inner loop ran no iteration); `i` is written first.
        let inner = while_(r(N), w(Q, r(P)));
        let outer = while_(r(I), seq(vec![r(Q), w(P, c()), inner, w(I, c())]));
        assert_eq!(live(outer), [vec![I, N, Q], vec![N, P, Q]]);
    }

    #[test]
    fn a_loop_entered_in_one_branch_keeps_its_reads_after_the_join() {
        // while (i) { p = 1; if (n) { while (q) { p = 1; } } p; i = 1; }
        let inner = while_(r(Q), w(P, c()));
        let outer = while_(r(I), seq(vec![w(P, c()), if_(r(N), inner, None), r(P), w(I, c())]));
        assert_eq!(live(outer), [vec![I, N, Q], vec![N, P, Q]]);
    }

    #[test]
    fn break_continue_and_return_end_the_path() {
        // while (i) { if (n) { break; } p = 1; } p;  — the break skips the write.
        let skip = seq(vec![while_(r(I), seq(vec![if_(r(N), node(T::Break), None), w(P, c())])), r(P)]);
        assert_eq!(live(skip), [[I, N, P]]);
        // Reads after each of them are never reached.
        for end in [T::Break, T::Continue, T::Return] {
            let body = seq(vec![if_(r(N), seq(vec![node(end), r(P)]), None), w(P, c())]);
            assert_eq!(live(while_(r(I), body)), [[I, N]]);
        }
        // while (i) { p = 1; if (n) { break; } } p;  — the header's exit still reads `p`.
        let after = seq(vec![while_(r(I), seq(vec![w(P, c()), if_(r(N), node(T::Break), None)])), r(P)]);
        assert_eq!(live(after), [[I, N, P]]);
    }

    #[test]
    fn a_break_from_an_inner_loop_leaves_only_it() {
        // while (i) { while (n) { q = 1; break; } q; i = 1; }
        // Inner: the break path wrote `q`, the condition's exit did not.
        let inner = while_(r(N), seq(vec![w(Q, c()), node(T::Break)]));
        let outer = while_(r(I), seq(vec![inner, r(Q), w(I, c())]));
        assert_eq!(live(outer), [vec![I, N, Q], vec![N, Q]]);
    }

    #[test]
    fn a_read_on_a_slow_path_is_a_read() {
        // while (i) { slow { p } p = 1; }
        let body = seq(vec![node(T::Slow(r(P))), w(P, c())]);
        assert_eq!(live(while_(r(I), body)), [[I, P]]);
    }

    #[test]
    fn a_loop_no_path_reaches_is_analyzed_on_its_own() {
        // return; while (i) { p; }
        assert_eq!(live(seq(vec![node(T::Return), while_(r(I), r(P))])), [[I, P]]);
    }

    #[test]
    fn captured_slots_and_unseen_loops_are_live() {
        let osr: &'static OsrPoint = Box::leak(Box::new(OsrPoint::new()));
        let t = target(while_at(osr, r(I), w(P, c())));
        t.frame_descriptor().capture(FrameSlot(Q));
        let result = loop_liveness(t);
        assert!(result.is_live_at_header(osr, FrameSlot(I)));
        assert!(!result.is_live_at_header(osr, FrameSlot(P)));
        assert!(!result.is_live_at_header(osr, FrameSlot(N)));
        assert!(result.is_live_at_header(osr, FrameSlot(Q)));
        let listed: Vec<_> = result.loops().collect();
        assert_eq!(listed, [(osr as *const OsrPoint as usize, vec![FrameSlot(I), FrameSlot(Q)])]);
        assert!(result.is_live_at_header(&OsrPoint::new(), FrameSlot(P)));
    }

    #[test]
    fn the_cost_is_not_exponential_in_nesting() {
        // 40 nested `if`s (2^40 paths) and 12 nested loops, each with a read and a write.
        let mut tree = seq(vec![r(P), w(P, c())]);
        for _ in 0..40 {
            tree = if_(r(N), seq(vec![r(Q), tree]), Some(w(Q, c())));
        }
        for _ in 0..12 {
            tree = while_(r(I), seq(vec![r(P), tree, w(P, c())]));
        }
        let loops = live(tree);
        assert_eq!(loops.len(), 12);
        // The innermost loop reads `p` in its body; `p` is live at every header.
        assert!(loops.iter().all(|l| l.contains(&P)));
    }
}

/// The analysis against an oracle: every path of small random trees enumerated (each loop
/// entered runs 0 to 3 iterations), a slot live at a header when a path reads it after
/// passing the header before writing it. (Checked once over 40000 trees of nesting up to 5,
/// 191 of them with three or four nested loops.)
#[cfg(test)]
mod oracle {
    use super::tests_support::*;
    use super::*;
    use std::collections::{BTreeSet, HashMap};

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Event {
        Header(usize),
        Read(u32),
        Write(u32),
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Outcome {
        Normal,
        Break,
        Continue,
        Return,
    }

    type Paths = Vec<(Vec<Event>, Outcome)>;

    const MAX_ITERATIONS: usize = 3;
    const MAX_PATHS: usize = 20_000;

    fn then(prefix: Paths, next: impl Fn() -> Option<Paths>) -> Option<Paths> {
        let mut out = Vec::new();
        let tail = next()?;
        for (events, outcome) in prefix {
            if outcome != Outcome::Normal {
                out.push((events, outcome));
                continue;
            }
            for (more, o) in &tail {
                let mut e = events.clone();
                e.extend_from_slice(more);
                out.push((e, *o));
            }
            if out.len() > MAX_PATHS {
                return None;
            }
        }
        Some(out)
    }

    fn paths(a: &Ast) -> Option<Paths> {
        let normal = |e: Vec<Event>| Some(vec![(e, Outcome::Normal)]);
        match a {
            Ast::Read(s) => normal(vec![Event::Read(*s)]),
            Ast::Write(s, v) => then(paths(v)?, || normal(vec![Event::Write(*s)])),
            Ast::Seq(items) => {
                let mut acc = vec![(vec![], Outcome::Normal)];
                for i in items {
                    acc = then(acc, || paths(i))?;
                }
                Some(acc)
            }
            Ast::If(c, t, e) => {
                let mut both = then(paths(c)?, || paths(t))?;
                both.extend(then(paths(c)?, || match e {
                    Some(e) => paths(e),
                    None => normal(vec![]),
                })?);
                Some(both)
            }
            Ast::While(osr, c, b) => iterations(osr.0 as *const OsrPoint as usize, c, b, 0),
            Ast::Break => Some(vec![(vec![], Outcome::Break)]),
            Ast::Continue => Some(vec![(vec![], Outcome::Continue)]),
            Ast::Return => Some(vec![(vec![], Outcome::Return)]),
            Ast::Slow(x) => paths(x),
        }
    }

    /// The paths of a loop from its `done`-th iteration's header.
    fn iterations(id: usize, c: &Ast, b: &Ast, done: usize) -> Option<Paths> {
        let mut out = Vec::new();
        for (mut events, outcome) in paths(c)? {
            events.insert(0, Event::Header(id));
            if outcome != Outcome::Normal {
                out.push((events, outcome));
                continue;
            }
            // The condition is false: the loop exits.
            out.push((events.clone(), Outcome::Normal));
            if done == MAX_ITERATIONS {
                continue;
            }
            for (body, o) in paths(b)? {
                let mut e = events.clone();
                e.extend(body);
                match o {
                    Outcome::Break => out.push((e, Outcome::Normal)),
                    Outcome::Return => out.push((e, Outcome::Return)),
                    Outcome::Normal | Outcome::Continue => {
                        for (rest, o) in iterations(id, c, b, done + 1)? {
                            let mut e = e.clone();
                            e.extend(rest);
                            out.push((e, o));
                        }
                    }
                }
                if out.len() > MAX_PATHS {
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Per loop seen on some path: the slots some path reads after its header before writing.
    fn oracle(a: &Ast) -> Option<HashMap<usize, BTreeSet<u32>>> {
        let mut live: HashMap<usize, BTreeSet<u32>> = HashMap::new();
        for (events, _) in paths(a)? {
            for (k, e) in events.iter().enumerate() {
                let Event::Header(id) = *e else { continue };
                let set = live.entry(id).or_default();
                let mut written = BTreeSet::new();
                for e in &events[k + 1..] {
                    match *e {
                        Event::Read(s) if !written.contains(&s) => {
                            set.insert(s);
                        }
                        Event::Write(s) => {
                            written.insert(s);
                        }
                        _ => {}
                    }
                }
            }
        }
        Some(live)
    }

    #[test]
    fn random_trees_match_path_enumeration() {
        let mut rng = TreeGen(crate::testing::Rng::new(0x9e37_79b9_7f4a_7c15));
        let mut checked = 0;
        for _ in 0..2000 {
            let ast = rng.stmt(4, 0);
            let Some(expected) = oracle(&ast) else { continue };
            let result = loop_liveness(target(ast.build()));
            let got: HashMap<usize, BTreeSet<u32>> =
                result.loops().map(|(id, slots)| (id, slots.iter().map(|s| s.0).collect())).collect();
            for (id, slots) in &expected {
                assert_eq!(got.get(id), Some(slots), "loop {id:x} of {ast:?}");
            }
            checked += 1;
        }
        assert!(checked > 1500, "only {checked} trees were small enough");
    }
}

/// Builders of test trees, shared by the unit tests and the oracle.
#[cfg(test)]
mod tests_support {
    use super::*;
    use crate::frame::FrameDescriptor;
    use crate::node::{Dump, Execute, NodeBox, TreeDump};
    use crate::nodes::{ConstantNode, ReadLocalNode, WriteLocalNode};

    /// A small tree of test nodes, kept to enumerate its paths.
    #[derive(Debug)]
    pub enum Ast {
        Read(u32),
        Write(u32, Box<Ast>),
        Seq(Vec<Ast>),
        If(Box<Ast>, Box<Ast>, Option<Box<Ast>>),
        While(Osr, Box<Ast>, Box<Ast>),
        Break,
        Continue,
        Return,
        Slow(Box<Ast>),
    }

    /// A loop's OSR point, shown by address.
    pub struct Osr(pub &'static OsrPoint);

    impl std::fmt::Debug for Osr {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:x}", self.0 as *const OsrPoint as usize)
        }
    }

    impl Ast {
        pub fn build(&self) -> NodeBox {
            match self {
                Ast::Read(s) => Box::new(ReadLocalNode { name: format!("s{s}"), slot: FrameSlot(*s) }),
                Ast::Write(s, v) => Box::new(WriteLocalNode::new(format!("s{s}"), FrameSlot(*s), v.build())),
                Ast::Seq(items) => Box::new(T::Seq(items.iter().map(Ast::build).collect())),
                Ast::If(c, t, e) => Box::new(T::If(
                    c.build(),
                    t.build(),
                    e.as_ref().map(|e| e.build()),
                    ConditionProfile::new(),
                )),
                Ast::While(osr, c, b) => Box::new(T::While(osr.0, c.build(), b.build())),
                Ast::Break => Box::new(T::Break),
                Ast::Continue => Box::new(T::Continue),
                Ast::Return => Box::new(T::Return),
                Ast::Slow(x) => Box::new(T::Slow(x.build())),
            }
        }
    }

    /// Test nodes: just enough control flow to build trees from.
    pub enum T {
        Seq(Vec<NodeBox>),
        If(NodeBox, NodeBox, Option<NodeBox>, ConditionProfile),
        While(&'static OsrPoint, NodeBox, NodeBox),
        Break,
        Continue,
        Return,
        /// The child runs only in the interpreter: compiled code deoptimizes first.
        Slow(NodeBox),
        Function(NodeBox),
    }

    impl Execute for T {
        fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
            match self {
                T::Seq(nodes) => {
                    for n in nodes {
                        d.execute(&**n)?;
                    }
                }
                T::If(cond, then_branch, else_branch, profile) => {
                    let v = d.execute(&**cond)?;
                    let c = d.unbox_bool(v);
                    d.if_then_else(
                        c,
                        profile,
                        |d| d.execute(&**then_branch).map(|_| ()),
                        |d| match else_branch {
                            Some(e) => d.execute(&**e).map(|_| ()),
                            None => Ok(()),
                        },
                    )?;
                }
                T::While(osr, cond, body) => d.repeat(
                    self,
                    osr,
                    |d| {
                        let v = d.execute(&**cond)?;
                        Ok(d.unbox_bool(v))
                    },
                    |d| d.execute(&**body).map(|_| ()),
                )?,
                T::Break => d.break_loop()?,
                T::Continue => d.continue_loop()?,
                T::Return => {
                    let v = d.constant(Value::Null);
                    d.return_value(v)?
                }
                T::Slow(child) => {
                    return d.transfer_to_interpreter(&|| "slow".to_string(), |d| d.execute(&**child))
                }
                T::Function(body) => return d.catch_return(|d| d.execute(&**body)),
            }
            Ok(d.constant(Value::Null))
        }
    }

    impl Dump for T {
        fn dump(&self, w: &mut TreeDump) {
            w.line("T");
        }
    }

    pub fn r(slot: u32) -> NodeBox {
        Box::new(ReadLocalNode { name: format!("s{slot}"), slot: FrameSlot(slot) })
    }
    pub fn w(slot: u32, value: NodeBox) -> NodeBox {
        Box::new(WriteLocalNode::new(format!("s{slot}"), FrameSlot(slot), value))
    }
    pub fn c() -> NodeBox {
        Box::new(ConstantNode::new(Value::Int(1)))
    }

    /// A call target of `body` (in a function body) with four slots.
    pub fn target(body: NodeBox) -> &'static CallTarget {
        let mut frame = FrameDescriptor::new();
        for name in ["i", "n", "p", "q"] {
            frame.add_slot(name);
        }
        CallTarget::new("t", frame, Box::new(T::Function(body)))
    }

    /// A deterministic generator of random trees.
    pub struct TreeGen(pub crate::testing::Rng);

    impl TreeGen {
        fn next(&mut self, n: u64) -> u64 {
            self.0.below(n as usize) as u64
        }

        fn slot(&mut self) -> u32 {
            self.next(4) as u32
        }

        fn expr(&mut self) -> Ast {
            if self.next(4) == 0 {
                Ast::Write(self.slot(), Box::new(Ast::Read(self.slot())))
            } else {
                Ast::Read(self.slot())
            }
        }

        /// A statement of nesting at most `depth`; `loops` enclosing loops.
        pub fn stmt(&mut self, depth: u32, loops: u32) -> Ast {
            let k = if depth == 0 { self.next(3) } else { self.next(9) };
            match k {
                0 => Ast::Write(self.slot(), Box::new(Ast::Read(self.slot()))),
                1 => Ast::Read(self.slot()),
                2 => Ast::Write(self.slot(), Box::new(Ast::Seq(vec![]))),
                3 | 4 => {
                    let n = 1 + self.next(3);
                    Ast::Seq((0..n).map(|_| self.stmt(depth - 1, loops)).collect())
                }
                5 => {
                    let t = self.stmt(depth - 1, loops);
                    let e =
                        if self.next(2) == 0 { Some(Box::new(self.stmt(depth - 1, loops))) } else { None };
                    Ast::If(Box::new(self.expr()), Box::new(t), e)
                }
                6 | 7 => {
                    let osr: &'static OsrPoint = Box::leak(Box::new(OsrPoint::new()));
                    Ast::While(Osr(osr), Box::new(self.expr()), Box::new(self.stmt(depth - 1, loops + 1)))
                }
                _ => match self.next(if loops > 0 { 4 } else { 2 }) {
                    0 => Ast::Return,
                    1 => Ast::Slow(Box::new(self.stmt(depth - 1, loops))),
                    2 => Ast::Break,
                    _ => Ast::Continue,
                },
            }
        }
    }
}
