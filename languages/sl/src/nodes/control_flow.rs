//! Statements and control flow (spec §7): blocks, `if`, `break`, `continue`, `return`, and
//! the function body that catches `return`. `while` is the framework's
//! [`WhileNode`](bonsai::nodes::WhileNode) (with OSR) over an SL [`condition`].

use super::{condition, NodeBox};
use bonsai::exec::Domain;
use bonsai::node::{Child, Dump, Execute, Label, TreeDump};
use bonsai::nodes::{Condition, Statement};
use bonsai::profile::ConditionProfile;
use bonsai::source::SourceSection;
use bonsai::value::Value;

/// `{ s1 s2 … }`: the statements in order (local writes in place, see [`Statement`]); its
/// value is NULL.
pub struct BlockNode {
    pub statements: Vec<Statement>,
}

impl Execute for BlockNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        for s in &self.statements {
            s.execute(d)?;
        }
        Ok(d.constant(Value::Null))
    }
}

impl Dump for BlockNode {
    fn dump(&self, w: &mut TreeDump) {
        let children: Vec<&dyn bonsai::node::Node> = self.statements.iter().map(|s| s.node()).collect();
        w.node("Block", &children);
    }
}

/// `if (c) { … } else { … }`: the condition must be a Boolean (`toBoolean` error at the
/// condition). The profile lets compiled code lay out a never-taken side cold.
pub struct IfNode {
    condition: Condition,
    then_branch: NodeBox,
    else_branch: Option<NodeBox>,
    taken: ConditionProfile,
}

impl IfNode {
    pub fn new(c: NodeBox, then_branch: NodeBox, else_branch: Option<NodeBox>, at: SourceSection) -> IfNode {
        IfNode { condition: condition(c, at), then_branch, else_branch, taken: ConditionProfile::new() }
    }
}

impl Execute for IfNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let c = self.condition.execute(d)?;
        d.if_then_else(
            c,
            &self.taken,
            |d| d.execute(&*self.then_branch).map(|_| ()),
            |d| match &self.else_branch {
                Some(e) => d.execute(&**e).map(|_| ()),
                None => Ok(()),
            },
        )?;
        Ok(d.constant(Value::Null))
    }
}

impl Dump for IfNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn bonsai::node::Node> = vec![&*self.condition.node, &*self.then_branch];
        if let Some(e) = &self.else_branch {
            children.push(&**e);
        }
        w.node(Label::new("If").profile("then/else taken", self.taken.describe()), &children);
    }
}

/// `break;`, `continue;`.
pub struct JumpNode {
    pub is_break: bool,
}

impl Execute for JumpNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        if self.is_break {
            d.break_loop()?;
        } else {
            d.continue_loop()?;
        }
        Ok(d.constant(Value::Null))
    }
}

impl Dump for JumpNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(if self.is_break { "Break" } else { "Continue" });
    }
}

/// `return e;` / `return;` (NULL).
pub struct ReturnNode {
    pub value: Option<Child>,
}

impl Execute for ReturnNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let v = match &self.value {
            Some(e) => d.execute_child(e)?,
            None => d.constant(Value::Null),
        };
        d.return_value(v)?;
        Ok(d.constant(Value::Null))
    }
}

impl Dump for ReturnNode {
    fn dump(&self, w: &mut TreeDump) {
        match &self.value {
            Some(e) => w.node("Return", &[&**e]),
            None => w.line("Return"),
        }
    }
}

/// A function's body: the parameter prologue and the statements; `return` ends it, falling
/// off the end returns NULL. A `return` that is the body's last statement is held apart
/// (`tail`): its value is the function's result by falling through, without the unwinding a
/// `return` from inside a statement takes — the same result, one node and one unwind less on
/// every call of a function that ends with `return e;`.
pub struct FunctionBodyNode {
    pub statements: Vec<Statement>,
    pub tail: Option<ReturnNode>,
}

impl Execute for FunctionBodyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        d.catch_return(|d| {
            for s in &self.statements {
                s.execute(d)?;
            }
            match self.tail.as_ref().and_then(|r| r.value.as_ref()) {
                Some(e) => d.execute_child(e),
                None => Ok(d.constant(Value::Null)),
            }
        })
    }
}

impl Dump for FunctionBodyNode {
    /// As a block of the statements and the tail `return`.
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn bonsai::node::Node> = self.statements.iter().map(|s| s.node()).collect();
        if let Some(r) = &self.tail {
            children.push(r);
        }
        w.node("Block", &children);
    }
}
