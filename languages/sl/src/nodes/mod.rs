//! SL's executable nodes, grouped by role. Every node's semantics is one generic `execute`
//! over [`bonsai::exec::Domain`]: the interpreter and the compiled code both come from it.

pub mod arithmetic;
pub mod call;
pub mod comparison;
pub mod control_flow;
pub mod literal;
pub mod logic;
pub mod property;

use bonsai::exec::Domain;
use bonsai::node::Node;
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::{Tag, Value};

/// An owned child node.
pub type NodeBox = Box<dyn Node>;

/// Converts a condition value to an unboxed boolean, failing with the `toBoolean` type error
/// at `location` when it is not a Boolean (spec §6.4, §7). The error side is a boundary,
/// laid out cold in compiled code once the profile shows it is never taken.
pub(crate) fn to_boolean<D: Domain + ?Sized>(
    d: &mut D,
    v: D::Value,
    is_boolean: &ConditionProfile,
    location: &SourceSection,
) -> Result<D::Bool, D::Abrupt> {
    let ok = d.has_tag(v, Tag::Bool);
    let checked = d.choose(
        ok,
        is_boolean,
        |_| Ok(v),
        |d| {
            d.boundary(
                move |_, vals: &[Value]| {
                    Err(crate::runtime::type_error("toBoolean", vals, Some(location)).into())
                },
                &[v],
            )
        },
    )?;
    Ok(d.unbox_bool(checked))
}
