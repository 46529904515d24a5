//! # SimpleLanguage on Bonsai
//!
//! SL (`../shared/spec/sl.md`) implemented as a self-specializing AST interpreter on
//! [`bonsai`], compiled by [`bonsai_pe`] when hot. This crate contains no code generator: every
//! node's semantics is written once against the execution domain. A tour:
//!
//! | Concept | Where |
//! | --- | --- |
//! | Grammar (pest), syntax tree, ANTLR-compatible errors | [`parser`] |
//! | Syntax tree → nodes with resolved frame slots | [`builder::Builder`] |
//! | Arithmetic with int → big-integer → string specializations | [`nodes::arithmetic::AddNode`], [`nodes::arithmetic::ArithmeticNode`] |
//! | Comparisons, equality | [`nodes::comparison`] |
//! | `&&`, `||` | [`nodes::logic::ShortCircuitNode`] |
//! | Blocks, `if`, `while` (with OSR), `break`, `continue`, `return` | [`nodes::control_flow`] |
//! | Locals and arguments | [`bonsai::nodes`] (shared by every language) |
//! | Calls with an inline cache; builtin bodies | [`nodes::call::InvokeNode`], [`nodes::call::BuiltinNode`], [`nodes::call::NewObjectNode`] |
//! | Properties: shape-keyed inline caches, element accesses | [`nodes::property::ReadPropertyNode`], [`nodes::property::WritePropertyNode`], [`nodes::property::ReadKeyedPropertyNode`], [`nodes::property::WriteKeyedPropertyNode`] |
//! | Builtins (one table) | [`builtins::BUILTINS`] |
//! | Context, type objects, conversions, error messages | [`runtime`] |
//! | The launcher contract of spec §1 | [`launcher::run`] |

pub mod builder;
pub mod builtins;
pub mod launcher;
pub mod nodes;
pub mod parser;
pub mod runtime;
