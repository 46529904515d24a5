//! SL's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.
//! Constants, locals, arguments, `while` and builtin bodies are the framework's
//! ([`bonsai::nodes`]).

pub mod arithmetic;
pub mod call;
pub mod comparison;
pub mod control_flow;
pub mod logic;
pub mod property;

use bonsai::error::GuestError;
use bonsai::nodes::Condition;
pub use bonsai::nodes::NodeBox;
use bonsai::source::SourceSection;
use bonsai::value::Value;

/// The condition `node` of an `if`, `while`, `&&` or `||`: a non-Boolean fails with the
/// `toBoolean` type error at `location` (spec §6.4, §7).
pub fn condition(node: NodeBox, location: SourceSection) -> Condition {
    fn not_boolean(v: Value, at: &SourceSection) -> GuestError {
        crate::runtime::type_error("toBoolean", &[v], Some(at))
    }
    Condition::new(node, location, not_boolean)
}
