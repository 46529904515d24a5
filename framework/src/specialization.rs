//! Specialization machinery and guards: the role of Truffle's DSL.
//!
//! A specializing node with `A` operands implements [`Specialize<A>`]: it lists its
//! specializations in order, most specific first, with the [`specializations!`](crate::specializations!)
//! macro, one generic body each. A body takes the operands as a typed array, computes the
//! result and states its guards with the helpers of this module ([`expect_int`],
//! [`expect_ints`], [`guard_tag`], [`guard_any_tag`], [`checked`]) or with
//! [`Domain::guard`]; a failed guard means "does not apply":
//!
//! ```text
//! fn add_long<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
//!     let [a, b] = expect_ints(d, ops)?;
//!     let sum = checked(d, IntOp::Add, a, b)?;
//!     Ok(d.box_int(sum))
//! }
//! const SPECIALIZATIONS: &'static [Specialization<Self, 2>] = specializations![
//!     Long => Self::add_long,
//!     Number replaces [Long] => Self::add_number,
//!     String => Self::add_string,
//! ];
//! ```
//!
//! The macro names each specialization by an identifier (shown in tree dumps) and declares
//! the names as items, so a `replaces` list that names no specialization of the node does not
//! compile:
//!
//! ```compile_fail
//! use bonsai::prelude::*;
//! use bonsai::specialization::{expect_int, Outcome};
//! struct Twice { state: SpecializationState }
//! impl Twice {
//!     fn int<D: Domain + ?Sized>(&self, d: &mut D, [v]: [D::Value; 1]) -> Outcome<D> {
//!         let _ = expect_int(d, v)?;
//!         Ok(v)
//!     }
//! }
//! impl Specialize<1> for Twice {
//!     const SPECIALIZATIONS: &'static [Specialization<Self, 1>] = bonsai::specializations![
//!         Int => Self::int,
//!         Generic replaces [Itn] => Self::int, // a typo: no specialization is named `Itn`
//!     ];
//!     fn specialization_state(&self) -> &SpecializationState { &self.state }
//!     fn fallback(&self, _: &mut Interp<'_>, [v]: [Value; 1]) -> Result<Value, GuestError> { Ok(v) }
//! }
//! ```
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

use crate::error::GuestError;
use crate::exec::{Bailout, CompileDomain, Domain, Interp, Miss, PathStep, Resume, SValue, Unwind};
use crate::node::Child;
use crate::value::{Tag, Value};
use std::cell::Cell;

/// What a specialization body returns: the node's value, or why the body did not produce
/// one ([`Miss::Guard`]: it does not apply; [`Miss::Abrupt`]: an error or unwind).
pub type Outcome<D> = Result<<D as Domain>::Value, Miss<<D as Domain>::Abrupt>>;

/// A specialization body instantiated for the interpreter.
pub type InterpBody<N, const A: usize> = fn(&N, &mut Interp<'_>, [Value; A]) -> Result<Value, Miss<Unwind>>;
/// A specialization body instantiated for the partial evaluator.
pub type CompiledBody<N, const A: usize> =
    fn(&N, &mut dyn CompileDomain, [SValue; A]) -> Result<SValue, Miss<Bailout>>;

/// A specialization body instantiated for the resume domain (deoptimization).
pub type ResumeBody<N, const A: usize> =
    fn(&N, &mut Resume<'_, '_>, [Value; A]) -> Result<Value, Miss<Unwind>>;

/// One specialization of node type `N` with `A` operands: its name (shown in tree dumps), the
/// specializations it replaces, and its body instantiated for each domain instance. Built
/// by [`specializations!`](crate::specializations!).
pub struct Specialization<N: 'static, const A: usize> {
    /// The name in tree dumps and traces (`Long`).
    pub name: &'static str,
    /// The specializations this one replaces: bit `i` stands for `SPECIALIZATIONS[i]`.
    pub replaces: u32,
    /// The body instantiated for the interpreter.
    pub interp: InterpBody<N, A>,
    /// The body instantiated for the partial evaluator.
    pub compiled: CompiledBody<N, A>,
    /// The body instantiated for resumption after a deoptimization.
    pub resume: ResumeBody<N, A>,
}

/// Builds a node's [`Specialize::SPECIALIZATIONS`] from its generic bodies
/// `fn body<D: Domain + ?Sized>(&self, d: &mut D, operands: [D::Value; A]) -> Outcome<D>`,
/// most specific first, at most 32:
///
/// ```text
/// specializations![
///     Long => Self::add_long,
///     Number replaces [Long] => Self::add_number,
/// ]
/// ```
///
/// Each name is an identifier and becomes the specialization's name in dumps (`Long`); the
/// names are declared as an enum, so every name in a `replaces` list is checked when the
/// program is compiled.
#[macro_export]
macro_rules! specializations {
    ($($name:ident $(replaces [$($replaced:ident),+ $(,)?])? => $body:path),+ $(,)?) => {{
        #[allow(dead_code, non_camel_case_types, clippy::enum_variant_names)]
        #[repr(u32)]
        enum __SpecializationNames { $($name),+ }
        const _: () = assert!([$(stringify!($name)),+].len() <= 32, "at most 32 specializations");
        &[$(
            $crate::specialization::Specialization {
                name: stringify!($name),
                replaces: 0 $($(| (1u32 << (__SpecializationNames::$replaced as u32)))+)?,
                interp: |n, d, ops| $body(n, d, ops),
                compiled: |n, d, ops| $body(n, d, ops),
                resume: |n, d, ops| $body(n, d, ops),
            }
        ),+]
    }};
}

/// The specialization state of one node: which specializations are active and which are
/// excluded (bit `i` stands for `SPECIALIZATIONS[i]`). Starts uninitialized (both empty).
#[derive(Debug, Default)]
pub struct SpecializationState {
    active: Cell<u32>,
    excluded: Cell<u32>,
    /// The node's fallback ran (no specialization applied): compiled code calls the slow
    /// path out of line instead of deoptimizing, so a node that keeps meeting operands no
    /// specialization takes does not keep leaving compiled code.
    fallback_seen: Cell<bool>,
}

impl SpecializationState {
    /// Nothing active, nothing excluded.
    pub fn new() -> SpecializationState {
        SpecializationState::default()
    }

    /// The active specializations: bit `i` stands for `SPECIALIZATIONS[i]`.
    pub fn active_bits(&self) -> u32 {
        self.active.get()
    }

    /// The excluded specializations: bit `i` stands for `SPECIALIZATIONS[i]`.
    pub fn excluded_bits(&self) -> u32 {
        self.excluded.get()
    }

    /// Whether the node's fallback ever ran.
    pub fn fallback_seen(&self) -> bool {
        self.fallback_seen.get()
    }
}

/// A node whose behaviour on its `A` operands is a list of specializations.
pub trait Specialize<const A: usize>: Sized + 'static {
    /// The specializations in order, most specific first (at most 32), built with
    /// [`specializations!`](crate::specializations!).
    const SPECIALIZATIONS: &'static [Specialization<Self, A>];

    /// The node's state machine.
    fn specialization_state(&self) -> &SpecializationState;

    /// What happens when no specialization applies to `operands` (typically a type error).
    fn fallback(&self, interp: &mut Interp<'_>, operands: [Value; A]) -> Result<Value, GuestError>;

    /// The state for dumps: active specialization names joined by `|`, `uninitialized` when
    /// none is active, followed by `; excluded …` when some are excluded.
    fn describe_state(&self) -> String {
        describe(Self::SPECIALIZATIONS, self.specialization_state())
    }
}

fn describe<N, const A: usize>(
    specializations: &[Specialization<N, A>],
    state: &SpecializationState,
) -> String {
    let names = |bits: u32| -> Vec<&str> {
        specializations
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
pub fn interpret<N: Specialize<A>, const A: usize>(
    node: &N,
    interp: &mut Interp<'_>,
    operands: [Value; A],
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
pub fn specialize_and_execute<N: Specialize<A>, const A: usize>(
    node: &N,
    interp: &mut Interp<'_>,
    operands: [Value; A],
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
        state.active.set((state.active.get() | bit) & !spec.replaces);
        state.excluded.set(state.excluded.get() | spec.replaces);
        interp.report_rewrite();
        return match result {
            Ok(v) => Ok(v),
            Err(Miss::Abrupt(a)) => Err(a),
            Err(Miss::Guard) => unreachable!("handled above"),
        };
    }
    if !state.fallback_seen.replace(true) {
        // Compiled code now calls the slow path instead of deoptimizing on it.
        interp.report_rewrite();
    }
    node.fallback(interp, operands).map_err(|e| interp.throw(e))
}

/// Resumption inside the body of active specialization `index` (compiled code deoptimized
/// there): replays that body, then continues as [`interpret`] would after it — the later
/// active specializations, then the slow path.
pub fn resume_at<N: Specialize<A>, const A: usize>(
    node: &N,
    d: &mut Resume<'_, '_>,
    operands: [Value; A],
    index: usize,
) -> Result<Value, Unwind> {
    let Some(spec) = N::SPECIALIZATIONS.get(index) else {
        let e =
            crate::error::GuestError::new("internal error: deoptimization replay names no specialization");
        return Err(d.interp.throw(e));
    };
    match (spec.resume)(node, d, operands) {
        Ok(v) => return Ok(v),
        Err(Miss::Guard) => {}
        Err(Miss::Abrupt(a)) => return Err(a),
    }
    let active = node.specialization_state().active.get();
    for (i, spec) in N::SPECIALIZATIONS.iter().enumerate().skip(index + 1) {
        if active & (1 << i) != 0 {
            match (spec.resume)(node, d, operands) {
                Ok(v) => return Ok(v),
                Err(Miss::Guard) => {}
                Err(Miss::Abrupt(a)) => return Err(a),
            }
        }
    }
    d.slow_path(node, operands)
}

/// Compiled execution: a chain of the active specializations' guarded bodies; the last
/// fallback calls [`interpret`] out of line (transfer to interpreter), which respecializes.
pub fn compile<N: Specialize<A>, const A: usize>(
    node: &N,
    pe: &mut dyn CompileDomain,
    operands: [SValue; A],
) -> Result<SValue, Bailout> {
    let state = node.specialization_state();
    let active = state.active.get();
    let merge = pe.merge_point();
    let mark = pe.path_len();
    for (i, spec) in N::SPECIALIZATIONS.iter().enumerate() {
        if active & (1 << i) == 0 {
            continue;
        }
        pe.push_guard_target();
        pe.path_truncate(mark);
        pe.path_push(PathStep::Specialization(i as u8));
        match (spec.compiled)(node, pe, operands) {
            Ok(v) => pe.jump_to_merge(merge, v),
            Err(Miss::Abrupt(b)) => return Err(b),
            Err(Miss::Guard) => return Err(Bailout::invariant("a guard reported a miss in compile mode")),
        }
        if !pe.pop_guard_target() {
            // This specialization cannot miss here: the rest is unreachable.
            pe.path_truncate(mark);
            return Ok(pe.enter_merge(merge));
        }
    }
    pe.path_truncate(mark);
    if state.fallback_seen.get() {
        // The fallback is part of what the node does: the slow path, out of line, with the
        // operands already computed (the boundary passes exactly the `A` operands it was
        // given), merging with the fast paths.
        let v = Domain::boundary(
            pe,
            node,
            |n: &N, interp: &mut Interp<'_>, vals: &[Value]| {
                interpret(n, interp, std::array::from_fn(|i| vals[i])).map_err(|u| interp.error_of(u))
            },
            &operands,
        )?;
        pe.jump_to_merge(merge, v);
    } else {
        // No active specialization applies: deoptimize. The interpreter runs the slow path
        // (which respecializes the node) and continues the activation; the fast paths'
        // results are all that reaches the merge.
        pe.transfer(format!("{}: {}", short_type_name::<N>(), node.describe_state()));
    }
    Ok(pe.enter_merge(merge))
}

/// The last segment of `N`'s type name (`AddNode`), for traces.
pub fn short_type_name<N: ?Sized>() -> &'static str {
    let full = std::any::type_name::<N>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// The execute of a specializing binary operation: evaluates `left`, then `right`, then runs
/// `node`'s specializations on the two values.
#[inline]
pub fn execute_binary<D: Domain + ?Sized, N: Specialize<2>>(
    d: &mut D,
    node: &N,
    left: &Child,
    right: &Child,
) -> Result<D::Value, D::Abrupt> {
    let a = d.execute_child(left)?;
    let b = d.execute_child(right)?;
    d.specialized(node, [a, b])
}

/// `guard_tag v, tag`: continue only if `v`'s tag is `tag`.
#[inline]
pub fn guard_tag<D: Domain + ?Sized>(d: &mut D, v: D::Value, tag: Tag) -> Result<(), Miss<D::Abrupt>> {
    let ok = d.has_tag(v, tag);
    d.guard(ok)
}

/// `guard_any_tag v, [t1, t2]`: continue only if `v`'s tag is `t1` or `t2` (e.g. a number,
/// small or big).
#[inline]
pub fn guard_any_tag<D: Domain + ?Sized>(
    d: &mut D,
    v: D::Value,
    tags: [Tag; 2],
) -> Result<(), Miss<D::Abrupt>> {
    let first = d.has_tag(v, tags[0]);
    let second = d.has_tag(v, tags[1]);
    let either = d.or(first, second);
    d.guard(either)
}

/// `guard_both_tag [a, b], tag`: continue only if both operands have tag `tag` (one guard).
#[inline]
pub fn guard_both_tag<D: Domain + ?Sized>(
    d: &mut D,
    [a, b]: [D::Value; 2],
    tag: Tag,
) -> Result<(), Miss<D::Abrupt>> {
    let a_ok = d.has_tag(a, tag);
    let b_ok = d.has_tag(b, tag);
    let both = d.and(a_ok, b_ok);
    d.guard(both)
}

/// `expect_int v` → the unboxed i64, after guarding that `v` is an `Int`.
#[inline]
pub fn expect_int<D: Domain + ?Sized>(d: &mut D, v: D::Value) -> Result<D::Int, Miss<D::Abrupt>> {
    guard_tag(d, v, Tag::Int)?;
    Ok(d.unbox_int(v))
}

/// `expect_ints [a, b]` → both unboxed, after guarding (one guard) that both are `Int`s.
#[inline]
pub fn expect_ints<D: Domain + ?Sized>(
    d: &mut D,
    ops: [D::Value; 2],
) -> Result<[D::Int; 2], Miss<D::Abrupt>> {
    guard_both_tag(d, ops, Tag::Int)?;
    Ok([d.unbox_int(ops[0]), d.unbox_int(ops[1])])
}

/// `expect_bool v` → the unboxed boolean, after guarding that `v` is a `Bool`.
#[inline]
pub fn expect_bool<D: Domain + ?Sized>(d: &mut D, v: D::Value) -> Result<D::Bool, Miss<D::Abrupt>> {
    guard_tag(d, v, Tag::Bool)?;
    Ok(d.unbox_bool(v))
}

/// `checked op, a, b` → the result of `int_op_checked`, after guarding that it did not
/// overflow (the `rewriteOn` of an integer specialization: a more general one replaces it).
#[inline]
pub fn checked<D: Domain + ?Sized>(
    d: &mut D,
    op: crate::exec::IntOp,
    a: D::Int,
    b: D::Int,
) -> Result<D::Int, Miss<D::Abrupt>> {
    let (r, overflow) = d.int_op_checked(op, a, b);
    let ok = d.not(overflow);
    d.guard(ok)?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::CallTarget;
    use crate::context::ExecContext;
    use crate::engine::{Engine, EngineOptions};
    use crate::exec::IntCmp;
    use crate::frame::FrameDescriptor;
    use crate::node::{Dump, Execute, TreeDump};

    /// `Small` (an `Int` below 10), `Int` (any `Int`), `Generic` (anything but a `Bool`,
    /// replaces both); a `Bool` falls back to `-1`.
    struct Probe {
        state: SpecializationState,
    }

    impl Probe {
        fn small<D: Domain + ?Sized>(&self, d: &mut D, [v]: [D::Value; 1]) -> Outcome<D> {
            let n = expect_int(d, v)?;
            let ten = d.int_constant(10);
            let below = d.int_compare(IntCmp::Lt, n, ten);
            d.guard(below)?;
            Ok(v)
        }

        fn int<D: Domain + ?Sized>(&self, d: &mut D, [v]: [D::Value; 1]) -> Outcome<D> {
            expect_int(d, v)?;
            Ok(v)
        }

        fn generic<D: Domain + ?Sized>(&self, d: &mut D, [v]: [D::Value; 1]) -> Outcome<D> {
            let is_bool = d.has_tag(v, Tag::Bool);
            let other = d.not(is_bool);
            d.guard(other)?;
            Ok(v)
        }
    }

    impl Specialize<1> for Probe {
        const SPECIALIZATIONS: &'static [Specialization<Self, 1>] = crate::specializations![
            Small => Self::small,
            Int => Self::int,
            Generic replaces [Small, Int] => Self::generic,
        ];

        fn specialization_state(&self) -> &SpecializationState {
            &self.state
        }

        fn fallback(&self, _: &mut Interp<'_>, _: [Value; 1]) -> Result<Value, GuestError> {
            Ok(Value::Int(-1))
        }
    }

    impl Execute for Probe {
        fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
            let v = d.argument(0);
            d.specialized(self, [v])
        }
    }

    impl Dump for Probe {
        fn dump(&self, w: &mut TreeDump) {
            w.line(format!("Probe [{}]", self.describe_state()));
        }
    }

    /// Calls a fresh probe with each argument in turn; returns the results and the state
    /// after each call.
    fn run(args: &[Value]) -> Vec<(Value, String, u32, u32)> {
        let probe = Box::new(Probe { state: SpecializationState::new() });
        let target = CallTarget::new("probe", FrameDescriptor::new(), probe);
        let ctx =
            ExecContext::new(Engine::new(EngineOptions { compilation: false, ..Default::default() }, None));
        let _mutator = crate::heap::MutatorGuard::acquire();
        args.iter()
            .map(|a| {
                let v = target.call(&ctx, &[*a]).expect("the probe never fails");
                let dump = target.dump();
                let state = dump.lines().nth(1).unwrap_or_default().trim().to_string();
                let probe = &state["Probe [".len()..state.len() - 1];
                (v, probe.to_string(), bits(&dump, "active"), bits(&dump, "excluded"))
            })
            .collect()
    }

    /// The active or excluded bits, recomputed from the dump's names.
    fn bits(dump: &str, which: &str) -> u32 {
        let line = dump.lines().nth(1).unwrap_or_default();
        let inner = &line[line.find('[').unwrap_or(0) + 1..line.rfind(']').unwrap_or(line.len())];
        let (active, excluded) = inner.split_once("; excluded ").unwrap_or((inner, ""));
        let names = if which == "active" { active } else { excluded };
        names
            .split('|')
            .filter_map(|n| Probe::SPECIALIZATIONS.iter().position(|s| s.name == n))
            .fold(0, |b, i| b | 1 << i)
    }

    #[test]
    fn specializations_activate_in_order_as_operands_need_them() {
        let states: Vec<String> =
            run(&[Value::Int(5), Value::Int(7), Value::Int(50)]).into_iter().map(|s| s.1).collect();
        assert_eq!(states, ["Small", "Small", "Small|Int"]);
    }

    #[test]
    fn replaces_removes_and_excludes() {
        let states: Vec<String> =
            run(&[Value::Int(5), Value::Null, Value::Int(5)]).into_iter().map(|s| s.1).collect();
        assert_eq!(states, ["Small", "Generic; excluded Small|Int", "Generic; excluded Small|Int"]);
    }

    #[test]
    fn fallback_leaves_the_state_unchanged() {
        let runs = run(&[Value::TRUE, Value::Int(50), Value::FALSE]);
        assert!(matches!(runs[0].0, Value::Int(-1)));
        assert_eq!(runs[0].1, "uninitialized");
        assert_eq!(runs[1].1, "Int");
        assert!(matches!(runs[2].0, Value::Int(-1)));
        assert_eq!(runs[2].1, "Int");
    }

    #[test]
    fn states_only_grow() {
        let args = [Value::Int(50), Value::TRUE, Value::Int(1), Value::Null, Value::Int(2), Value::Int(99)];
        let runs = run(&args);
        let mut seen = 0u32;
        let mut excluded = 0u32;
        for (_, state, a, x) in runs {
            assert_eq!(a & x, 0, "{state}: a specialization both active and excluded");
            assert_eq!(excluded & !x, 0, "{state}: an exclusion was undone");
            assert_eq!(seen & !(a | x), 0, "{state}: a specialization was forgotten");
            seen |= a | x;
            excluded |= x;
        }
        assert_eq!(excluded, 0b011);
    }

    #[test]
    fn replaces_is_a_bit_set_of_earlier_names() {
        let replaces: Vec<u32> = Probe::SPECIALIZATIONS.iter().map(|s| s.replaces).collect();
        assert_eq!(replaces, [0, 0, 0b011]);
    }
}
