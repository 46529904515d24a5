//! Specialization machinery: the role of Truffle's DSL.
//!
//! A specializing node lists its specializations in order, most specific first, in
//! [`Specialize::SPECIALIZATIONS`], each built with the [`specialization!`](crate::specialization!)
//! macro from one generic body function. A body computes the result and states its guards
//! with [`Domain::guard`](crate::exec::Domain::guard); a failed guard means "does not apply".
//!
//! The generated state machine ([`SpecializationState`]) is a monotonic lattice: a set of
//! *active* specializations (tried in order) and a set of *excluded* ones (never tried
//! again). Executing runs the active bodies in order; when none applies, the slow path
//! (specialize-and-execute) tries the inactive, non-excluded bodies in order, activates the
//! first that applies and removes and excludes the specializations it `replaces` (Truffle's
//! `replaces`, and the way to express `rewriteOn`: a `Long` body whose overflow guard fails is
//! replaced by the `Number` body that handles the overflow). When no body applies, the node's
//! [`Specialize::fallback`] runs (e.g. a type error) without changing the state. Bits are only
//! ever added, so a node rewrites at most twice per specialization.
//!
//! In compiled code the active bodies become a chain of guarded fast paths; the final
//! fallback is the slow path called out of line (a transfer to the interpreter), which
//! respecializes the node and invalidates the code compiled for its tree.

use crate::exec::{Bailout, CompileDomain, Domain, Interp, Miss, SValue, Unwind};
use crate::value::Value;
use std::cell::Cell;

/// A specialization body instantiated for the interpreter.
pub type InterpBody<N> = fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, Miss<Unwind>>;
/// A specialization body instantiated for the partial evaluator.
pub type CompiledBody<N> = fn(&N, &mut dyn CompileDomain, &[SValue]) -> Result<SValue, Miss<Bailout>>;

/// One specialization of node type `N`: its name (shown in tree dumps), the specializations
/// it replaces, and its body instantiated for both domain instances.
pub struct Specialization<N: 'static> {
    pub name: &'static str,
    pub replaces: &'static [&'static str],
    pub interp: InterpBody<N>,
    pub compiled: CompiledBody<N>,
}

/// Builds a [`Specialization`] from a generic body `fn body<D: Domain + ?Sized>(&self, d: &mut D,
/// operands: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>>`.
///
/// `specialization!("Long", Self::add_long)`,
/// `specialization!("Number", Self::add_number, replaces = ["Long"])`.
#[macro_export]
macro_rules! specialization {
    ($name:literal, $body:path $(, replaces = [$($r:literal),* $(,)?])?) => {
        $crate::specialization::Specialization {
            name: $name,
            replaces: &[$($($r),*)?],
            interp: |n, d, ops| $body(n, d, ops),
            compiled: |n, d, ops| $body(n, d, ops),
        }
    };
}

/// The specialization state of one node: which specializations are active and which are
/// excluded (bit `i` stands for `SPECIALIZATIONS[i]`). Starts uninitialized (both empty).
#[derive(Debug, Default)]
pub struct SpecializationState {
    active: Cell<u32>,
    excluded: Cell<u32>,
}

impl SpecializationState {
    pub fn new() -> SpecializationState {
        SpecializationState::default()
    }

    pub fn active_bits(&self) -> u32 {
        self.active.get()
    }

    pub fn excluded_bits(&self) -> u32 {
        self.excluded.get()
    }
}

/// A node whose behaviour is a list of specializations.
pub trait Specialize: Sized + 'static {
    /// The specializations in order, most specific first (at most 32).
    const SPECIALIZATIONS: &'static [Specialization<Self>];

    fn specialization_state(&self) -> &SpecializationState;

    /// What happens when no specialization applies to `operands` (typically a type error).
    fn fallback(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, Unwind>;

    /// The state for dumps: active specialization names joined by `|`, `uninitialized` when
    /// none is active, followed by `excluded: …` when some are excluded.
    fn describe_state(&self) -> String {
        describe::<Self>(self.specialization_state())
    }
}

fn describe<N: Specialize>(state: &SpecializationState) -> String {
    let names = |bits: u32| -> Vec<&str> {
        N::SPECIALIZATIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, s)| s.name)
            .collect()
    };
    let active = names(state.active.get());
    let mut s = if active.is_empty() { "uninitialized".to_string() } else { active.join("|") };
    let excluded = names(state.excluded.get());
    if !excluded.is_empty() {
        s.push_str(&format!("; excluded {}", excluded.join("|")));
    }
    s
}

/// Interpreter execution: the active specializations in order, then the slow path.
#[inline]
pub fn interpret<N: Specialize>(
    node: &N,
    interp: &mut Interp<'_>,
    operands: &[Value],
) -> Result<Value, Unwind> {
    let active = node.specialization_state().active.get();
    if active != 0 {
        for (i, spec) in N::SPECIALIZATIONS.iter().enumerate() {
            if active & (1 << i) != 0 {
                match (spec.interp)(node, interp, operands) {
                    Ok(v) => return Ok(v),
                    Err(Miss::Guard) => {}
                    Err(Miss::Abrupt(a)) => return Err(a),
                }
            }
        }
    }
    specialize_and_execute(node, interp, operands)
}

/// The slow path: activates the first applicable inactive specialization, or runs the
/// fallback. A state change is reported to the interpreter, which invalidates compiled code.
#[cold]
pub fn specialize_and_execute<N: Specialize>(
    node: &N,
    interp: &mut Interp<'_>,
    operands: &[Value],
) -> Result<Value, Unwind> {
    let state = node.specialization_state();
    for (i, spec) in N::SPECIALIZATIONS.iter().enumerate().take(32) {
        let bit = 1u32 << i;
        if (state.active.get() | state.excluded.get()) & bit != 0 {
            continue;
        }
        let result = (spec.interp)(node, interp, operands);
        if let Err(Miss::Guard) = result {
            continue;
        }
        let mut active = state.active.get() | bit;
        let mut excluded = state.excluded.get();
        for replaced in spec.replaces {
            if let Some(j) = N::SPECIALIZATIONS.iter().position(|s| s.name == *replaced) {
                active &= !(1 << j);
                excluded |= 1 << j;
            }
        }
        state.active.set(active);
        state.excluded.set(excluded);
        interp.report_rewrite();
        return match result {
            Ok(v) => Ok(v),
            Err(Miss::Abrupt(a)) => Err(a),
            Err(Miss::Guard) => unreachable!("handled above"),
        };
    }
    node.fallback(interp, operands)
}

/// Compiled execution: a chain of the active specializations' guarded bodies; the last
/// fallback calls [`interpret`] out of line (transfer to interpreter), which respecializes.
pub fn compile<N: Specialize>(
    node: &N,
    pe: &mut dyn CompileDomain,
    operands: &[SValue],
) -> Result<SValue, Bailout> {
    let active = node.specialization_state().active.get();
    let merge = pe.merge_point();
    for (i, spec) in N::SPECIALIZATIONS.iter().enumerate() {
        if active & (1 << i) == 0 {
            continue;
        }
        pe.push_guard_target();
        match (spec.compiled)(node, pe, operands) {
            Ok(v) => pe.jump_to_merge(merge, v),
            Err(Miss::Abrupt(b)) => return Err(b),
            Err(Miss::Guard) => return Err(Bailout::invariant("a guard reported a miss in compile mode")),
        }
        pe.pop_guard_target();
    }
    // Transfer to interpreter: run the node's slow path with the operands already computed.
    let v = Domain::boundary(
        pe,
        node,
        |n: &N, interp: &mut Interp<'_>, vals: &[Value]| interpret(n, interp, vals),
        operands,
    )?;
    pe.jump_to_merge(merge, v);
    Ok(pe.enter_merge(merge))
}

/// The execute of a specializing binary operation: evaluates `left`, then `right`, then runs
/// `node`'s specializations on the two values.
#[inline]
pub fn execute_binary<D: Domain + ?Sized, N: Specialize>(
    d: &mut D,
    node: &N,
    left: &dyn crate::node::Node,
    right: &dyn crate::node::Node,
) -> Result<D::Value, D::Abrupt> {
    let a = d.execute(left)?;
    let b = d.execute(right)?;
    d.specialized(node, &[a, b])
}
