//! # Bonsai framework
//!
//! The language-independent half of Bonsai, a Truffle-style framework for self-specializing
//! AST interpreters whose hot trees are compiled by partial evaluation. This crate knows
//! neither Cranelift nor any guest language (ARCHITECTURE.md). A tour:
//!
//! | Concept | Type |
//! | --- | --- |
//! | Dynamic objects, shapes, transitions, locations, dictionary mode, elements | [`object::DynamicObject`], [`object::Shape`], [`object::Location`], [`object::array_index`] |
//! | Inline caches (cached specializations with a limit) | [`inline_cache::InlineCache`], [`inline_cache::CacheEntry`] |
//! | Guest values shared by all languages | [`value::Value`], [`value::Tag`], exact integers in [`value::number`] |
//! | The garbage-collected heap | [`heap`] ([`heap::Gc`], strings, big integers) |
//! | Node semantics written once | [`node::Execute`] (generic over [`exec::Domain`]), [`node::Node`], [`node::Dump`] |
//! | Nodes every language needs (locals, arguments) | [`nodes::ReadLocalNode`], [`nodes::WriteLocalNode`], [`nodes::ReadArgumentNode`] |
//! | The execution domain | [`exec::Domain`]: interpreter [`exec::Interp`], compile-mode [`exec::CompileDomain`] |
//! | Specializations, guards, the state machine | [`specialization`], [`specialization!`] |
//! | Frames, descriptors, slots, slot kinds | [`frame::FrameDescriptor`], [`frame::FrameSlot`], [`frame::SlotKind`], [`frame::Frame`] |
//! | Call targets and their counters | [`call::CallTarget`] |
//! | Function objects (redefinable) | [`function::Function`], [`function::FunctionRef`] |
//! | The compiler interface a backend implements; refusals by kind | [`compiler::Compiler`], [`compiler::InstalledCode`], [`compiler::CompileStats`], [`compiler::Bailout`] |
//! | On-stack replacement | [`osr::OsrPoint`], [`compiler::OsrExit`] |
//! | Assumptions and profiles | [`assumption::Assumption`], [`profile::ConditionProfile`], [`profile::BranchProfile`] |
//! | Sources and guest errors | [`source::Source`], [`source::SourceSection`], [`error::GuestError`] |
//! | Engine, options, compilation policy, refused compilations | [`engine::Engine`], [`engine::EngineOptions`], [`engine::Refusal`] |
//! | Execution context, activation records, stack walks | [`context::ExecContext`], [`context::Activation`], [`context::FrameInstance`] |
//!
//! ## A tiny tree, run by the interpreter
//!
//! ```
//! use bonsai::prelude::*;
//!
//! /// `n + 1` on the first argument, specialized on `Int` with an overflow guard.
//! struct Increment { state: SpecializationState }
//!
//! impl Increment {
//!     fn int<D: Domain + ?Sized>(&self, d: &mut D, ops: &[D::Value]) -> Result<D::Value, Miss<D::Abrupt>> {
//!         let is_int = d.has_tag(ops[0], Tag::Int);
//!         d.guard(is_int)?;
//!         let (n, one) = (d.unbox_int(ops[0]), d.int_constant(1));
//!         let (sum, overflow) = d.int_op_checked(IntOp::Add, n, one);
//!         let ok = d.not(overflow);
//!         d.guard(ok)?;
//!         Ok(d.box_int(sum))
//!     }
//! }
//! impl Specialize for Increment {
//!     const SPECIALIZATIONS: &'static [Specialization<Self>] = &[specialization!("Int", Self::int)];
//!     fn specialization_state(&self) -> &SpecializationState { &self.state }
//!     fn fallback(&self, _: &mut Interp<'_>, ops: &[Value]) -> Result<Value, Unwind> {
//!         Ok(bonsai::value::number::add(&ops[0], &Value::Int(1)).unwrap_or(Value::Null))
//!     }
//! }
//! impl Execute for Increment {
//!     fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
//!         let n = d.argument(0);
//!         d.specialized(self, &[n])
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
pub mod profile;
pub mod source;
pub mod specialization;
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
    pub use crate::node::{Dump, Execute, Node, TreeDump};
    pub use crate::osr::OsrPoint;
    pub use crate::profile::{BranchProfile, ConditionProfile};
    pub use crate::specialization;
    pub use crate::specialization::{Specialization, SpecializationState, Specialize};
    pub use crate::value::{Tag, Value};
}
