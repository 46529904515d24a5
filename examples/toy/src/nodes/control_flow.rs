//! Sequences, `if`, and `while` with on-stack replacement.

use super::{condition, NodeBox};
use bonsai::exec::Domain;
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::osr::OsrPoint;
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

/// `if c then a else b`: the value of the branch taken; `c` must be a boolean.
///
/// `taken` lets the partial evaluator lay out a never-taken branch as cold code;
/// `is_boolean` does the same for the type-error path of the condition.
pub struct IfNode {
    condition: NodeBox,
    then_branch: NodeBox,
    else_branch: NodeBox,
    location: SourceSection,
    taken: ConditionProfile,
    is_boolean: ConditionProfile,
}

impl IfNode {
    pub fn new(
        condition: NodeBox,
        then_branch: NodeBox,
        else_branch: NodeBox,
        location: SourceSection,
    ) -> IfNode {
        let (taken, is_boolean) = (ConditionProfile::new(), ConditionProfile::new());
        IfNode { condition, then_branch, else_branch, location, taken, is_boolean }
    }
}

impl Execute for IfNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = d.execute(&*self.condition)?;
        let c = condition(d, self, c, &self.is_boolean)?;
        d.choose(c, &self.taken, |d| d.execute(&*self.then_branch), |d| d.execute(&*self.else_branch))
    }
}

impl Dump for IfNode {
    fn dump(&self, w: &mut TreeDump) {
        let label = format!("If (then/else taken {})", self.taken.describe());
        w.node(label, &[&*self.condition, &*self.then_branch, &*self.else_branch]);
    }
}

/// `while c do body`: runs `body` while `c` (a boolean) holds; the value is 0.
///
/// `osr` counts back edges in the interpreter; past the engine's threshold the loop alone is
/// compiled and the running activation continues in that code (on-stack replacement).
pub struct WhileNode {
    condition: NodeBox,
    body: NodeBox,
    location: SourceSection,
    is_boolean: ConditionProfile,
    osr: OsrPoint,
}

impl WhileNode {
    pub fn new(condition: NodeBox, body: NodeBox, location: SourceSection) -> WhileNode {
        WhileNode { condition, body, location, is_boolean: ConditionProfile::new(), osr: OsrPoint::new() }
    }
}

impl Execute for WhileNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.repeat(
            self,
            &self.osr,
            |d| {
                let c = d.execute(&*self.condition)?;
                condition(d, self, c, &self.is_boolean)
            },
            |d| d.execute(&*self.body).map(|_| ()),
        )?;
        Ok(d.constant(Value::Int(0)))
    }
}

impl Dump for WhileNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(format!("While (back edges {})", self.osr.back_edges()), &[&*self.condition, &*self.body]);
    }
}

impl super::Located for IfNode {
    fn location(&self) -> &SourceSection {
        &self.location
    }
}

impl super::Located for WhileNode {
    fn location(&self) -> &SourceSection {
        &self.location
    }
}
