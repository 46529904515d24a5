//! Toy's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.
//! Constants, locals, arguments, `while` and the body of `print` are the framework's nodes
//! ([`bonsai::nodes`]).

pub mod binary;
pub mod call;
pub mod control_flow;

use bonsai::error::GuestError;
use bonsai::nodes::Condition;
pub use bonsai::nodes::NodeBox;
use bonsai::source::SourceSection;
use bonsai::value::Value;

/// How a value prints (`print` and error messages): `42`, `true`.
pub fn display(v: &Value) -> String {
    match v {
        Value::Function(f) => f.name().to_string(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.get().to_string(),
        // Another language's value: as that language displays it.
        Value::Object(_) => {
            bonsai::polyglot::foreign_display_string(v).unwrap_or_else(|| "object".to_string())
        }
        other => format!("{other:?}"),
    }
}

/// The runtime error `MESSAGE at line L, column C`: every message Toy raises is made here.
pub fn error_at(message: &str, at: &SourceSection) -> GuestError {
    GuestError::new(format!("{message} at line {}, column {}", at.line, at.column))
}

/// The condition `node` of an `if` or `while` at `at`: a non-boolean fails with
/// `type error: condition is not a boolean: V`.
pub fn condition(node: NodeBox, at: SourceSection) -> Condition {
    fn not_boolean(v: Value, at: &SourceSection) -> GuestError {
        error_at(&format!("type error: condition is not a boolean: {}", display(&v)), at)
    }
    Condition::new(node, at, not_boolean)
}
