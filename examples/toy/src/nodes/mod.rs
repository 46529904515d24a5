//! Toy's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.

pub mod binary;
pub mod call;
pub mod control_flow;
pub mod local;

use bonsai::error::GuestError;
use bonsai::exec::{expect_tag, Domain, Unwind};
use bonsai::node::Node;
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::{Tag, Value};

/// An owned child node.
pub type NodeBox = Box<dyn Node>;

/// How a value prints (`print` and error messages): `42`, `true`.
pub fn display(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Function(f) => f.name().to_string(),
        other => format!("{other:?}"),
    }
}

/// The runtime error `MESSAGE at line L, column C`: every message Toy raises is made here.
pub fn error_at(message: &str, at: &SourceSection) -> Unwind {
    Unwind::Error(GuestError::new(format!("{message} at line {}, column {}", at.line, at.column)))
}

/// A node whose runtime errors report its source location.
pub(crate) trait Located {
    fn location(&self) -> &SourceSection;
}

/// Converts the condition value `v` of an `if` or `while` to an unboxed boolean. A
/// non-boolean fails with `type error: condition is not a boolean: V`. Boundary: the error
/// side runs out of line, laid out cold once `is_boolean` shows it was never taken.
pub(crate) fn condition<D: Domain + ?Sized, N: Located>(
    d: &mut D,
    node: &N,
    v: D::Value,
    is_boolean: &ConditionProfile,
) -> Result<D::Bool, D::Abrupt> {
    let checked = expect_tag(d, node, v, Tag::Bool, is_boolean, |n: &N, v| {
        Err(error_at(&format!("type error: condition is not a boolean: {}", display(&v)), n.location()))
    })?;
    Ok(d.unbox_bool(checked))
}
