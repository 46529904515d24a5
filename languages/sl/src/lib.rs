//! # SimpleLanguage on Bonsai
//!
//! SL (`../shared/spec/sl.md`) implemented as a self-specializing AST interpreter on
//! [`bonsai`], compiled by [`bonsai_pe`] when hot. This crate contains no code generator: every
//! node's semantics is written once against the execution domain. A program run through the
//! launcher's library entry point, then a tour:
//!
//! ```
//! use bonsai::engine::EngineOptions;
//! use bonsai::testing::SharedBuffer;
//! let engine = bonsai_pe::engine(EngineOptions::default()).expect("the JIT is set up lazily");
//! let out = SharedBuffer::default();
//! let program = "function main() { println(\"Hello\"); return 6 * 7; }";
//! let status = sl::launcher::run(
//!     "hello.sl",
//!     program,
//!     engine,
//!     Box::new(out.clone()),
//!     Box::new(std::io::empty()),
//!     &mut std::io::sink(),
//!     &sl::launcher::RunOptions::default(),
//! );
//! assert_eq!(status, 0);
//! assert_eq!(out.contents(), b"Hello\n42\n");
//! ```
//!
//! ## A tour
//!
//! | Concept | Where |
//! | --- | --- |
//! | Grammar (pest), syntax tree, ANTLR-compatible errors | [`parser`] |
//! | Syntax tree → nodes with resolved frame slots | [`builder::Builder`] |
//! | Arithmetic with int → big-integer → string specializations ([`bonsai::specializations!`]) | [`nodes::arithmetic::ArithmeticNode`], [`nodes::arithmetic::AddNode`] |
//! | Comparisons, equality | [`nodes::comparison`] |
//! | `&&`, `||` | [`nodes::logic::ShortCircuitNode`] |
//! | Blocks, `if`, `break`, `continue`, `return`; `while` with OSR, literals, locals and arguments are the framework's | [`nodes::control_flow`], [`bonsai::nodes::WhileNode`], [`bonsai::nodes::ConstantNode`] |
//! | Conditions (`toBoolean`) | [`nodes::condition`] over [`bonsai::nodes::Condition`] |
//! | Calls with an inline cache; builtin bodies | [`nodes::call::InvokeNode`], [`bonsai::nodes::BuiltinNode`], [`nodes::call::NewObjectNode`] |
//! | Properties: shape-keyed inline caches, element accesses | [`nodes::property::ReadPropertyNode`], [`nodes::property::WritePropertyNode`], [`nodes::property::ReadKeyedPropertyNode`], [`nodes::property::WriteKeyedPropertyNode`] |
//! | Builtins (one table of [`bonsai::nodes::Builtin`]s over the context) | [`builtins::BUILTINS`] |
//! | Context, type objects, conversions, error messages | [`runtime`] |
//! | SL in a polyglot context: its [`bonsai::polyglot::Language`], messages to foreign values | [`polyglot`] |
//! | The launcher contract of spec §1 (engine: [`bonsai_pe::engine`]) | [`launcher::run`] |

pub mod builder;
pub mod builtins;
pub mod launcher;
pub mod nodes;
pub mod parser;
pub mod polyglot;
pub mod runtime;
