//! Bonsai framework: the language-independent half of a self-specializing AST interpreter.
//!
//! - [`heap`]: the garbage-collected heap (MMTk mark-sweep, conservative roots) that holds
//!   guest values of every language.

pub mod heap;
