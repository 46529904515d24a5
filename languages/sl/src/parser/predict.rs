//! Adaptive prediction for the decisions that one token cannot decide (ANTLR's
//! `ParserATNSimulator.adaptivePredict`, default SLL-then-LL mode).
//!
//! In this grammar those decisions are the operator loops, the optional comparison and the
//! member-expression loop (see the test in `atn.rs`). Alternative 1 continues the construct
//! (another operator or suffix), alternative 2 leaves it. The SLL stage, which runs with no
//! call-stack context and follows the grammar-wide FOLLOW instead, behaves the same way for
//! every one of them:
//!
//! * If the next token cannot start alternative 1, SLL either predicts alternative 2 alone or
//!   fails; on failure ANTLR still returns alternative 2, because its configurations left the
//!   decision's rule ("finished the decision entry rule"). So the construct is left and a later
//!   `match` or `sync` reports the error.
//! * If it can, the grammar-wide FOLLOW of the rule contains that token as well (the right side
//!   of an assignment can absorb any operator or suffix), and both alternatives reach the same
//!   ATN state with the same empty context: an SLL conflict, so ANTLR retries with full LL.
//!
//! [`adaptive_predict`] therefore applies that rule and otherwise runs full-LL prediction
//! exactly: configurations carry the real call stack, reach sets are closed under epsilon
//! moves, and prediction stops at the first of: no configuration left (no viable alternative),
//! one alternative left, or every (state, call-stack set) group containing the same minimum
//! alternative (ANTLR's `resolvesToJustOneViableAlt`).
//!
//! As in ANTLR, the configurations of one alternative in one state share a single merged call
//! stack (a graph-structured stack, [`Stacks`]): the grammar is ambiguous inside assignments,
//! and one stack per parse would grow exponentially with the nesting of `=`.

use super::atn::{Atn, Decision, DecisionKind, Node, NodeId};
use super::token::Tk;
use std::collections::{BTreeMap, HashMap};

/// The outcome of a prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prediction {
    /// The 1-based alternative to take.
    Alt(usize),
    /// No alternative is viable: the lookahead started at token `start` and failed at token
    /// `offending` (indices into the token stream).
    NoViable { start: usize, offending: usize },
    /// The parse used up its step budget ([`Stacks::with_budget`]): prediction is polynomial
    /// (cubic for a chain of `=` nested hundreds deep), so pathological inputs are given up on
    /// rather than waited for.
    GaveUp,
}

/// Predicts the alternative of `decision` at token index `start`. `context` is the parser's
/// call stack (its follow states, interned in `stacks`); `token(i)` reads the stream (and
/// reports a lexical error when prediction reaches the bad token, as the reference lexer does).
pub(super) fn adaptive_predict<E>(
    atn: &Atn,
    decision: &Decision,
    stacks: &mut Stacks,
    context: StackSet,
    start: usize,
    mut token: impl FnMut(usize) -> Result<Tk, E>,
) -> Result<Prediction, E> {
    let first = token(start)?;
    let continues = matches!(decision.kind, DecisionKind::Star | DecisionKind::Optional);
    if continues && !decision.look.first().is_some_and(|look| look.contains(first)) {
        return Ok(Prediction::Alt(2));
    }

    let mut sim = Simulator { atn, stacks };
    let mut configs = Configs::new();
    for (i, &node) in decision.alts.iter().enumerate() {
        sim.closure(node, i + 1, context, &mut configs);
    }
    let mut index = start;
    let mut eof_rounds = 0;
    loop {
        let t = token(index)?;
        let reach = sim.reach(&configs, t);
        if sim.stacks.budget == 0 {
            return Ok(Prediction::GaveUp);
        }
        if reach.is_empty() {
            // ANTLR's getAltThatFinishedDecisionEntryRule: in full-context mode only a
            // configuration that ended the start rule counts.
            let finished = configs
                .iter()
                .filter(|(&(node, _), &set)| is_stop(atn, node) && sim.stacks.has_empty(set))
                .map(|(&(_, alt), _)| alt)
                .min();
            return Ok(match finished {
                Some(alt) => Prediction::Alt(alt),
                None => Prediction::NoViable { start, offending: index },
            });
        }
        if let Some(alt) = unique_alt(&reach) {
            return Ok(Prediction::Alt(alt));
        }
        if let Some(alt) = single_viable_alt(&reach) {
            return Ok(Prediction::Alt(alt));
        }
        configs = reach;
        if t == Tk::Eof {
            // At end of input only configurations that ended the start rule remain; they share
            // one state and stack, so the check above resolves. This only guards the loop.
            eof_rounds += 1;
            if eof_rounds > 1 {
                let alt = configs.keys().map(|&(_, alt)| alt).min().unwrap_or(1);
                return Ok(Prediction::Alt(alt));
            }
        } else {
            index += 1;
        }
    }
}

/// Identifies a set of call stacks in [`Stacks`].
pub(super) type StackSet = u32;

/// The return state that stands for the empty stack (ANTLR's `EMPTY_RETURN_STATE`).
const EMPTY_RETURN: u32 = u32::MAX;

/// Interned sets of call stacks, as tries from the top of the stack (ANTLR's prediction
/// contexts in full-context mode). A set is a sorted list of `(return state, rest)` entries;
/// [`EMPTY_RETURN`] marks the empty stack. Interning makes equal sets equal ids.
#[derive(Default)]
pub(super) struct Stacks {
    /// Work (closure steps and stack entries built) still allowed.
    budget: u64,
    sets: Vec<Vec<(u32, StackSet)>>,
    ids: HashMap<Vec<(u32, StackSet)>, StackSet>,
    unions: HashMap<(StackSet, StackSet), StackSet>,
}

impl Stacks {
    /// An empty table whose predictions may do `budget` units of work in all.
    pub(super) fn with_budget(budget: u64) -> Stacks {
        Stacks { budget, ..Stacks::default() }
    }

    /// Charges `units` of work; false once the budget is used up.
    fn charge(&mut self, units: usize) -> bool {
        self.budget = self.budget.saturating_sub(units as u64);
        self.budget > 0
    }

    fn intern(&mut self, entries: Vec<(u32, StackSet)>) -> StackSet {
        self.charge(entries.len());
        if let Some(&id) = self.ids.get(&entries) {
            return id;
        }
        let id = self.sets.len() as StackSet;
        self.sets.push(entries.clone());
        self.ids.insert(entries, id);
        id
    }

    pub(super) fn empty(&mut self) -> StackSet {
        self.intern(vec![(EMPTY_RETURN, 0)])
    }

    pub(super) fn push(&mut self, ret: NodeId, rest: StackSet) -> StackSet {
        self.intern(vec![(ret as u32, rest)])
    }

    fn entries(&self, set: StackSet) -> &[(u32, StackSet)] {
        self.sets.get(set as usize).map_or(&[], Vec::as_slice)
    }

    /// The union of two sets (ANTLR's context merge), without recursion: stacks can be as deep
    /// as the input is nested.
    fn union(&mut self, a: StackSet, b: StackSet) -> StackSet {
        enum Task {
            Visit(StackSet, StackSet),
            Build(StackSet, StackSet),
        }
        let key = |a: StackSet, b: StackSet| (a.min(b), a.max(b));
        let mut tasks = vec![Task::Visit(a, b)];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(a, b) => {
                    if a == b || self.unions.contains_key(&key(a, b)) {
                        continue;
                    }
                    tasks.push(Task::Build(a, b));
                    for (ret, pa, pb) in self.common(a, b) {
                        if ret != EMPTY_RETURN && pa != pb && !self.unions.contains_key(&key(pa, pb)) {
                            tasks.push(Task::Visit(pa, pb));
                        }
                    }
                }
                Task::Build(a, b) => {
                    if !self.unions.contains_key(&key(a, b)) {
                        let merged = self.merge_entries(a, b);
                        let id = self.intern(merged);
                        self.unions.insert(key(a, b), id);
                    }
                }
            }
        }
        if a == b {
            a
        } else {
            self.unions.get(&key(a, b)).copied().unwrap_or(a)
        }
    }

    /// The entries of the union of `a` and `b`, once the unions of their common entries' rests
    /// are known.
    fn merge_entries(&self, a: StackSet, b: StackSet) -> Vec<(u32, StackSet)> {
        let (ea, eb) = (self.entries(a), self.entries(b));
        let mut merged = Vec::with_capacity(ea.len() + eb.len());
        let (mut i, mut j) = (0, 0);
        loop {
            let entry = match (ea.get(i), eb.get(j)) {
                (Some(&x), Some(&y)) if x.0 == y.0 => {
                    i += 1;
                    j += 1;
                    if x.1 == y.1 || x.0 == EMPTY_RETURN {
                        x
                    } else {
                        let k = (x.1.min(y.1), x.1.max(y.1));
                        (x.0, self.unions.get(&k).copied().unwrap_or(x.1))
                    }
                }
                (Some(&x), Some(&y)) if x.0 < y.0 => {
                    i += 1;
                    x
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => return merged,
            };
            merged.push(entry);
        }
    }

    /// The entries with the same return state in both sets: `(return, rest in a, rest in b)`.
    fn common(&self, a: StackSet, b: StackSet) -> Vec<(u32, StackSet, StackSet)> {
        let eb = self.entries(b);
        self.entries(a)
            .iter()
            .filter_map(|&(r, pa)| {
                let k = eb.binary_search_by_key(&r, |e| e.0).ok()?;
                Some((r, pa, eb[k].1))
            })
            .collect()
    }

    fn has_empty(&self, set: StackSet) -> bool {
        self.entries(set).last().is_some_and(|e| e.0 == EMPTY_RETURN)
    }
}

/// A set of ATN configurations: per (state, alternative), the merged set of call stacks.
type Configs = BTreeMap<(NodeId, usize), StackSet>;

struct Simulator<'a> {
    atn: &'a Atn,
    stacks: &'a mut Stacks,
}

impl Simulator<'_> {
    fn add(&mut self, configs: &mut Configs, key: (NodeId, usize), set: StackSet) {
        let merged = match configs.get(&key) {
            Some(&old) => self.stacks.union(old, set),
            None => set,
        };
        configs.insert(key, merged);
    }

    /// Adds to `out` every configuration reachable from `(node, alt, set)` without consuming
    /// a token, stopping at states that match a token (and at the end of the start rule).
    fn closure(&mut self, node: NodeId, alt: usize, set: StackSet, out: &mut Configs) {
        let atn = self.atn;
        let mut work = vec![(node, set)];
        while let Some((node, set)) = work.pop() {
            if !self.stacks.charge(1) {
                // The result is discarded: prediction reports `GaveUp` after this step.
                return;
            }
            match atn.nodes[node] {
                Node::Match { .. } => self.add(out, (node, alt), set),
                Node::Call { rule, next } => {
                    let pushed = self.stacks.push(next, set);
                    work.push((atn.rule_start(rule), pushed));
                }
                Node::Decision { decision } => {
                    for &a in atn.decisions[decision].alts.iter().rev() {
                        work.push((a, set));
                    }
                }
                Node::LoopBack { decision } => work.push((atn.decisions[decision].node, set)),
                Node::Stop { .. } => {
                    let entries = self.stacks.entries(set).to_vec();
                    self.stacks.charge(entries.len());
                    for &(ret, rest) in entries.iter().rev() {
                        if ret == EMPTY_RETURN {
                            let empty = self.stacks.empty();
                            self.add(out, (node, alt), empty);
                        } else {
                            work.push((ret as NodeId, rest));
                        }
                    }
                }
            }
        }
    }

    /// ANTLR `computeReachSet` in full-context mode: moves every configuration over `t` and
    /// closes the result; configurations that already ended the start rule are carried over
    /// when nothing else ends it.
    fn reach(&mut self, configs: &Configs, t: Tk) -> Configs {
        let atn = self.atn;
        let mut reach = Configs::new();
        let mut skipped = Vec::new();
        for (&(node, alt), &set) in configs {
            match atn.nodes[node] {
                Node::Stop { .. } => skipped.push(((node, alt), set)),
                Node::Match { tk, next } if tk == t => self.closure(next, alt, set, &mut reach),
                _ => {}
            }
        }
        if t == Tk::Eof {
            reach.retain(|&(node, _), _| is_stop(atn, node));
        }
        if !skipped.is_empty() && !reach.keys().any(|&(node, _)| is_stop(atn, node)) {
            for (key, set) in skipped {
                self.add(&mut reach, key, set);
            }
        }
        reach
    }
}

fn is_stop(atn: &Atn, node: NodeId) -> bool {
    matches!(atn.nodes.get(node), Some(Node::Stop { .. }))
}

fn unique_alt(configs: &Configs) -> Option<usize> {
    let mut alts = configs.keys().map(|&(_, alt)| alt);
    let first = alts.next()?;
    alts.all(|a| a == first).then_some(first)
}

/// ANTLR `getConflictingAltSubsets` + `getSingleViableAlt`: alternatives whose merged stack
/// sets are equal in a state form one group; if the smallest alternative of every group is the
/// same, prediction picks it.
fn single_viable_alt(configs: &Configs) -> Option<usize> {
    let mut viable: Vec<usize> = Vec::new();
    let mut seen: Vec<StackSet> = Vec::new();
    let mut state = None;
    // Keys are ordered by state, then alternative, so the first alternative seen with a given
    // stack set in a state is the minimum of its group.
    for (&(node, alt), &set) in configs {
        if state != Some(node) {
            state = Some(node);
            seen.clear();
        }
        if !seen.contains(&set) {
            seen.push(set);
            if !viable.contains(&alt) {
                viable.push(alt);
                if viable.len() > 1 {
                    return None;
                }
            }
        }
    }
    viable.first().copied()
}
