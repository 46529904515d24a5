//! # Bonsai framework
//!
//! The language-independent half of Bonsai, a Truffle-style framework for self-specializing
//! AST interpreters whose hot trees are compiled by partial evaluation. This crate knows
//! neither Cranelift nor any guest language (ARCHITECTURE.md). An example first, then a tour.
//!
//! ## A tiny tree, run by the interpreter
//!
//! A node with one operand and one specialization: the body takes its operand as a typed
//! array, states its guards with the helpers ([`specialization::expect_int`] guards the tag
//! and unboxes; [`specialization::checked`] guards against overflow) and returns an
//! [`specialization::Outcome`]. A second, more general specialization would be listed after
//! it, e.g. `Number replaces [Int] => Self::number`, with `replaces` checked by rustc.
//!
//! ```
//! use bonsai::prelude::*;
//!
//! /// `n + 1` on the first argument, specialized on `Int` with an overflow guard.
//! struct Increment { state: SpecializationState }
//!
//! impl Increment {
//!     fn int<D: Domain + ?Sized>(&self, d: &mut D, [n]: [D::Value; 1]) -> Outcome<D> {
//!         let (n, one) = (expect_int(d, n)?, d.int_constant(1));
//!         let sum = checked(d, IntOp::Add, n, one)?;
//!         Ok(d.box_int(sum))
//!     }
//! }
//! impl Specialize<1> for Increment {
//!     const SPECIALIZATIONS: &'static [Specialization<Self, 1>] = specializations![Int => Self::int];
//!     fn specialization_state(&self) -> &SpecializationState { &self.state }
//!     fn fallback(&self, _: &mut Interp<'_>, [n]: [Value; 1]) -> Result<Value, GuestError> {
//!         Ok(bonsai::value::number::add(&n, &Value::Int(1)).unwrap_or(Value::Null))
//!     }
//! }
//! impl Execute for Increment {
//!     fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
//!         let n = d.argument(0);
//!         d.specialized(self, [n])
//!     }
//! }
//! impl Dump for Increment {
//!     fn dump(&self, w: &mut TreeDump) { w.line(format!("Increment [{}]", self.describe_state())) }
//! }
//!
//! let target = CallTarget::new("inc", FrameDescriptor::new(),
//!     Box::new(Increment { state: SpecializationState::new() }));
//! let engine = Engine::new(EngineOptions { compilation: false, ..Default::default() }, None);
//! let ctx = ExecContext::new(engine);
//! let _mutator = bonsai::heap::MutatorGuard::acquire();
//! assert!(matches!(target.call(&ctx, &[Value::Int(41)]), Ok(Value::Int(42))));
//! assert_eq!(target.dump(), "inc (calls 1, compilations 0)\n  Increment [Int]\n");
//! ```
//!
//! ## A tour
//!
//! | Concept | Type |
//! | --- | --- |
//! | Dynamic objects, shapes, transitions, locations, dictionary mode, elements | [`object::DynamicObject`], [`object::Shape`], [`object::Location`], [`object::array_index`] |
//! | Inline caches (cached specializations with a limit) | [`inline_cache::InlineCache`], [`inline_cache::CacheEntry`] |
//! | Guest values shared by all languages | [`value::Value`], [`value::Tag`], exact integers in [`value::number`] |
//! | The garbage-collected heap | [`heap`] ([`heap::Gc`], strings, big integers) |
//! | Node semantics written once | [`node::Execute`] (generic over [`exec::Domain`]), [`node::Node`], [`node::Dump`] |
//! | Tree dumps: text and Graphviz graphs | [`node::TreeDump`], [`node::Label`] (a line's facts), [`node::graph::call_target_dot`], [`node::graph::write_tree_dumps`] |
//! | Nodes every language needs (locals, arguments, constants) | [`nodes::ReadLocalNode`], [`nodes::WriteLocalNode`], [`nodes::ReadArgumentNode`], [`nodes::ConstantNode`], [`nodes::NodeBox`] |
//! | Boolean conditions, loops with OSR (Truffle's `RepeatingNode`) | [`nodes::Condition`], [`nodes::LoopNode`] over a [`nodes::RepeatingNode`], [`nodes::WhileNode`] |
//! | Builtins over a language context, one table | [`nodes::Builtin`], [`nodes::BuiltinBody`], [`nodes::BuiltinNode`] |
//! | The execution domain | [`exec::Domain`]: interpreter [`exec::Interp`], compile-mode [`exec::CompileDomain`], deoptimization [`exec::Resume`], loop-header liveness [`exec::liveness`] |
//! | Specializations, guards, the state machine | [`specialization::Specialize`], [`specializations!`], [`specialization::Outcome`], guard helpers ([`specialization::expect_ints`], [`specialization::checked`], …) |
//! | Frames, descriptors, slots, slot kinds | [`frame::FrameDescriptor`], [`frame::FrameSlot`], [`frame::SlotKind`], [`frame::Frame`] |
//! | Call targets and their counters | [`call::CallTarget`] |
//! | Function objects (redefinable) | [`function::Function`], [`function::FunctionRef`] |
//! | The compiler interface a backend implements; refusals by kind | [`compiler::Compiler`], [`compiler::InstalledCode`], [`compiler::CompileStats`], [`compiler::Bailout`] |
//! | On-stack replacement | [`osr::OsrPoint`], [`compiler::OsrExit`] |
//! | Assumptions and profiles | [`assumption::Assumption`], [`profile::ConditionProfile`], [`profile::BranchProfile`] |
//! | Sources and guest errors | [`source::Source`], [`source::SourceSection`], [`error::GuestError`] |
//! | Engine, options, compilation policy, refused compilations, the JSON event trace | [`engine::Engine`], [`engine::EngineOptions`], [`engine::Refusal`], [`engine::Engine::set_event_trace`] (with the JIT: `bonsai_pe::engine`) |
//! | Several languages in one engine: languages by id, polyglot bindings, interop messages and caches | [`polyglot::Polyglot`], [`polyglot::Language`], [`polyglot::InteropError`], [`polyglot::CachedRead`], [`polyglot::CachedExecute`] |
//! | Execution context, activation records, stack walks | [`context::ExecContext`], [`context::Activation`], [`context::FrameInstance`] |
//! | What every language's tests share: execution modes, output capture, the refusal check | [`testing::Mode`], [`testing::SharedBuffer`], [`testing::assert_no_unexpected_refusals`] |

#![warn(missing_docs)]

pub mod assumption;
pub mod call;
pub mod compiler;
pub mod context;
pub mod engine;
pub mod error;
pub mod exec;
pub mod frame;
pub mod function;
pub mod heap;
pub mod inline_cache;
pub mod node;
pub mod nodes;
pub mod object;
pub mod osr;
pub mod polyglot;
pub mod profile;
pub mod source;
pub mod specialization;
pub mod testing;
pub mod value;

/// The names a language implementation needs, in one import.
pub mod prelude {
    pub use crate::call::CallTarget;
    pub use crate::context::ExecContext;
    pub use crate::engine::{Engine, EngineOptions};
    pub use crate::error::GuestError;
    pub use crate::exec::{Domain, IntCmp, IntOp, Interp, Miss, Unwind};
    pub use crate::frame::{FrameDescriptor, FrameSlot};
    pub use crate::function::{Function, FunctionRef};
    pub use crate::node::{Child, Dump, Execute, Label, Node, NodeBox, TreeDump};
    pub use crate::osr::OsrPoint;
    pub use crate::profile::{BranchProfile, ConditionProfile};
    pub use crate::specialization::{
        checked, expect_bool, expect_int, expect_ints, guard_any_tag, guard_both_tag, guard_tag, Outcome,
        Specialization, SpecializationState, Specialize,
    };
    pub use crate::specializations;
    pub use crate::value::{Tag, Value};
}

/// The examples of the crate's README, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
