//! Short-circuit logic: `&&` and `||` (spec §6.4).

use super::{condition, NodeBox};
use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, Label, TreeDump};
use bonsai::nodes::Condition;
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;

/// `a && b` (`is_and`) or `a || b`: the left operand must be a Boolean; the right one is
/// evaluated only when it decides the result, and must then be a Boolean too. Both
/// `toBoolean` errors point at the left operand's start (the operator's location).
pub struct ShortCircuitNode {
    left: Condition,
    right: Condition,
    is_and: bool,
    evaluates_right: ConditionProfile,
}

impl ShortCircuitNode {
    pub fn new(left: NodeBox, right: NodeBox, is_and: bool, at: SourceSection) -> ShortCircuitNode {
        let (left, right) = (condition(left, at.clone()), condition(right, at));
        ShortCircuitNode { left, right, is_and, evaluates_right: ConditionProfile::new() }
    }
}

impl Execute for ShortCircuitNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let l = self.left.execute(d)?;
        let go_on = if self.is_and { l } else { d.not(l) };
        d.choose(
            go_on,
            &self.evaluates_right,
            |d| {
                let r = self.right.execute(d)?;
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
            Label::new(name).profile("right evaluated", self.evaluates_right.describe()),
            &[&*self.left.node, &*self.right.node],
        );
    }
}
