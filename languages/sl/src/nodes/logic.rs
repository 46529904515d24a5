//! Short-circuit logic: `&&` and `||` (spec §6.4).

use super::{to_boolean, NodeBox};
use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;

/// `a && b` (`is_and`) or `a || b`: the left operand must be a Boolean; the right one is
/// evaluated only when it decides the result, and must then be a Boolean too. Both
/// `toBoolean` errors point at the left operand's start (the operator's location).
pub struct ShortCircuitNode {
    left: NodeBox,
    right: NodeBox,
    is_and: bool,
    location: SourceSection,
    left_boolean: ConditionProfile,
    right_boolean: ConditionProfile,
    evaluates_right: ConditionProfile,
}

impl ShortCircuitNode {
    pub fn new(left: NodeBox, right: NodeBox, is_and: bool, location: SourceSection) -> ShortCircuitNode {
        ShortCircuitNode {
            left,
            right,
            is_and,
            location,
            left_boolean: ConditionProfile::new(),
            right_boolean: ConditionProfile::new(),
            evaluates_right: ConditionProfile::new(),
        }
    }
}

impl Execute for ShortCircuitNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let l = d.execute(&*self.left)?;
        let l = to_boolean(d, self, l, &self.left_boolean)?;
        let go_on = if self.is_and { l } else { d.not(l) };
        d.choose(
            go_on,
            &self.evaluates_right,
            |d| {
                let r = d.execute(&*self.right)?;
                let r = to_boolean(d, self, r, &self.right_boolean)?;
                Ok(d.box_bool(r))
            },
            |d| {
                let decided = d.bool_constant(!self.is_and);
                Ok(d.box_bool(decided))
            },
        )
    }
}

impl Dump for ShortCircuitNode {
    fn dump(&self, w: &mut TreeDump) {
        let name = if self.is_and { "And" } else { "Or" };
        w.node(
            format!("{name} (right evaluated {})", self.evaluates_right.describe()),
            &[&*self.left, &*self.right],
        );
    }
}

impl super::Located for ShortCircuitNode {
    fn location(&self) -> &SourceSection {
        &self.location
    }
}
