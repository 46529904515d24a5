//! SL's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.

pub mod arithmetic;
pub mod call;
pub mod comparison;
pub mod control_flow;
pub mod literal;
pub mod logic;
pub mod property;

use bonsai::exec::{expect_tag, Domain};
use bonsai::node::Node;
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::Tag;

/// An owned child node.
pub type NodeBox = Box<dyn Node>;

/// A node whose errors report a source location (spec §11.3's location rule).
pub(crate) trait Located {
    fn location(&self) -> &SourceSection;
}

/// Converts a condition value to an unboxed boolean, failing with the `toBoolean` type error
/// at `node`'s location when it is not a Boolean (spec §6.4, §7). The error side is a
/// boundary, laid out cold in compiled code once the profile shows it is never taken.
pub(crate) fn to_boolean<D: Domain + ?Sized, N: Located>(
    d: &mut D,
    node: &N,
    v: D::Value,
    is_boolean: &ConditionProfile,
) -> Result<D::Bool, D::Abrupt> {
    let checked = expect_tag(d, node, v, Tag::Bool, is_boolean, |n: &N, v| {
        Err(crate::runtime::type_error("toBoolean", &[v], Some(n.location())).into())
    })?;
    Ok(d.unbox_bool(checked))
}
