//! Sequences and `if`. `while` is the framework's [`WhileNode`](bonsai::nodes::WhileNode),
//! with on-stack replacement, over a Toy [`condition`].

use super::{condition, NodeBox};
use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, Label, Node, TreeDump};
use bonsai::nodes::Condition;
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::Value;

/// `{ e1; e2; …; en }`: the expressions in order; the value is `en`'s. Also a function's
/// body: the parameter and local prologue, then the body expression.
pub struct SequenceNode {
    pub expressions: Vec<NodeBox>,
}

impl Execute for SequenceNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let mut value = d.constant(Value::Int(0));
        for e in &self.expressions {
            value = d.execute(&**e)?;
        }
        Ok(value)
    }
}

impl Dump for SequenceNode {
    fn dump(&self, w: &mut TreeDump) {
        let children: Vec<&dyn Node> = self.expressions.iter().map(|e| &**e).collect();
        w.node("Sequence", &children);
    }
}

/// `if c then a else b`: the value of the branch taken; `c` must be a boolean. `taken` lets
/// the partial evaluator lay out a never-taken branch as cold code.
pub struct IfNode {
    condition: Condition,
    then_branch: NodeBox,
    else_branch: NodeBox,
    taken: ConditionProfile,
}

impl IfNode {
    pub fn new(c: NodeBox, then_branch: NodeBox, else_branch: NodeBox, at: SourceSection) -> IfNode {
        IfNode { condition: condition(c, at), then_branch, else_branch, taken: ConditionProfile::new() }
    }
}

impl Execute for IfNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = self.condition.execute(d)?;
        d.choose(c, &self.taken, |d| d.execute(&*self.then_branch), |d| d.execute(&*self.else_branch))
    }
}

impl Dump for IfNode {
    fn dump(&self, w: &mut TreeDump) {
        let label = Label::new("If").profile("then/else taken", self.taken.describe());
        w.node(label, &[&*self.condition.node, &*self.then_branch, &*self.else_branch]);
    }
}
