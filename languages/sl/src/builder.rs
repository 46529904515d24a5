//! Builds executable nodes from the syntax tree: resolves every local to a frame slot
//! (spec §4 scoping), every other name to its function object, and every operator to its
//! specializing node with the source location its errors report.

use crate::nodes::arithmetic::{AddNode, ArithmeticNode, Div, Mul, Sub};
use crate::nodes::call::InvokeNode;
use crate::nodes::comparison::{compare_node, equal_node, Ordered};
use crate::nodes::control_flow::{BlockNode, FunctionBodyNode, IfNode, JumpNode, ReturnNode};
use crate::nodes::logic::ShortCircuitNode;
use crate::nodes::property::{
    Key, ReadKeyedPropertyNode, ReadPropertyNode, WriteKeyedPropertyNode, WritePropertyNode,
};
use crate::nodes::{condition, NodeBox};
use crate::parser::{BinaryOp, Block, Expr, ExprKind, FunctionDef, Span, Stmt};
use crate::runtime::SlContext;
use bonsai::call::CallTarget;
use bonsai::frame::{FrameDescriptor, FrameSlot};
use bonsai::nodes::{ConstantNode, ReadArgumentNode, ReadLocalNode, Statement, WhileNode, WriteLocalNode};
use bonsai::source::{Source, SourceSection};
use bonsai::value::Value;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// A construct the node builder does not support yet (unsupported input, not a bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// Translates the functions of one source.
pub struct Builder<'a> {
    context: &'a SlContext,
    source: Rc<Source>,
}

struct FunctionScope {
    descriptor: FrameDescriptor,
    /// Visible locals, innermost block last.
    blocks: Vec<HashMap<String, FrameSlot>>,
}

impl FunctionScope {
    fn lookup(&self, name: &str) -> Option<FrameSlot> {
        self.blocks.iter().rev().find_map(|b| b.get(name).copied())
    }

    /// Declares the locals of a block: names assigned in its statements (not in nested
    /// blocks) that are not visible already, in order of first occurrence.
    fn declare_block(&mut self, block: &Block) {
        let mut names = Vec::new();
        for s in &block.statements {
            match s {
                Stmt::Expr(e) => assigned_names(e, &mut names),
                Stmt::While { cond, .. } | Stmt::If { cond, .. } => assigned_names(cond, &mut names),
                Stmt::Return { value: Some(e), .. } => assigned_names(e, &mut names),
                _ => {}
            }
        }
        let mut scope = HashMap::new();
        for n in names {
            if self.lookup(&n).is_none() && !scope.contains_key(&n) {
                let slot = self.descriptor.add_slot(n.clone());
                scope.insert(n, slot);
            }
        }
        self.blocks.push(scope);
    }
}

fn assigned_names(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::AssignLocal { name, value } => {
            out.push(name.clone());
            assigned_names(value, out);
        }
        ExprKind::Binary { left, right, .. } => {
            assigned_names(left, out);
            assigned_names(right, out);
        }
        ExprKind::Paren(inner) => assigned_names(inner, out),
        ExprKind::Call { callee, args } => {
            assigned_names(callee, out);
            args.iter().for_each(|a| assigned_names(a, out));
        }
        ExprKind::ReadProperty { receiver, key } => {
            assigned_names(receiver, out);
            assigned_names(key, out);
        }
        ExprKind::WriteProperty { receiver, key, value } => {
            assigned_names(receiver, out);
            assigned_names(key, out);
            assigned_names(value, out);
        }
        ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Name(_) => {}
    }
}

impl<'a> Builder<'a> {
    pub fn new(context: &'a SlContext, source: Rc<Source>) -> Builder<'a> {
        Builder { context, source }
    }

    /// A call target for `function`.
    pub fn build_function(&self, function: &FunctionDef) -> Result<&'static CallTarget, BuildError> {
        let mut scope = FunctionScope { descriptor: FrameDescriptor::new(), blocks: vec![HashMap::new()] };
        let mut prologue: Vec<Statement> = Vec::new();
        for (i, p) in function.params.iter().enumerate() {
            let slot = match scope.blocks[0].get(p) {
                Some(s) => *s,
                None => {
                    let s = scope.descriptor.add_slot(p.clone());
                    scope.blocks[0].insert(p.clone(), s);
                    s
                }
            };
            prologue.push(Statement::WriteLocal(WriteLocalNode::new(
                p.clone(),
                slot,
                Box::new(ReadArgumentNode { index: i }) as NodeBox,
            )));
        }
        // The body's statements follow the parameters' in the body node: a level of the tree
        // less on every call; a last `return` is its tail.
        let (body, tail) = self.function_statements(&mut scope, &function.body)?;
        prologue.extend(body);
        let root = FunctionBodyNode { statements: prologue, tail };
        // `helloEqualsWorld()` writes its caller's `hello` from outside the activation.
        let hello: Vec<FrameSlot> = scope
            .descriptor
            .slots()
            .filter(|(_, info)| info.name == crate::builtins::HELLO_LOCAL)
            .map(|(slot, _)| slot)
            .collect();
        for slot in hello {
            scope.descriptor.capture(slot);
        }
        Ok(CallTarget::with_parameters(
            function.name.clone(),
            scope.descriptor,
            function.params.len(),
            Box::new(root),
        ))
    }

    fn section(&self, span: &Span) -> SourceSection {
        SourceSection {
            source: self.source.clone(),
            start_offset: span.start.offset,
            length_bytes: span.end.offset.saturating_sub(span.start.offset),
            line: span.start.line,
            column: span.start.column,
        }
    }

    /// The statements of a function's body, in its scope, with a last `return` apart.
    fn function_statements(
        &self,
        scope: &mut FunctionScope,
        block: &Block,
    ) -> Result<(Vec<Statement>, Option<ReturnNode>), BuildError> {
        scope.declare_block(block);
        let mut statements = Vec::with_capacity(block.statements.len());
        let mut tail = None;
        for (i, s) in block.statements.iter().enumerate() {
            match s {
                Stmt::Return { value, .. } if i + 1 == block.statements.len() => {
                    let value = match value {
                        Some(e) => Some(self.expr(scope, e)?.into()),
                        None => None,
                    };
                    tail = Some(ReturnNode { value });
                }
                _ => statements.extend(self.statement(scope, s)?),
            }
        }
        scope.blocks.pop();
        Ok((statements, tail))
    }

    /// The statements of `block`, in its scope.
    fn statements(&self, scope: &mut FunctionScope, block: &Block) -> Result<Vec<Statement>, BuildError> {
        scope.declare_block(block);
        let mut statements = Vec::with_capacity(block.statements.len());
        for s in &block.statements {
            if let Some(node) = self.statement(scope, s)? {
                statements.push(node);
            }
        }
        scope.blocks.pop();
        Ok(statements)
    }

    /// `name = value`.
    fn write_local(
        &self,
        scope: &mut FunctionScope,
        name: &str,
        value: &Expr,
    ) -> Result<WriteLocalNode, BuildError> {
        let v = self.expr(scope, value)?;
        let slot = scope.lookup(name).ok_or_else(|| BuildError {
            message: format!("internal error: assignment to undeclared local {name}"),
        })?;
        Ok(WriteLocalNode::new(name, slot, v))
    }

    fn block(&self, scope: &mut FunctionScope, block: &Block) -> Result<NodeBox, BuildError> {
        Ok(sequence(self.statements(scope, block)?))
    }

    fn statement(&self, scope: &mut FunctionScope, s: &Stmt) -> Result<Option<Statement>, BuildError> {
        if let Stmt::Expr(Expr { kind: ExprKind::AssignLocal { name, value }, .. }) = s {
            return Ok(Some(Statement::WriteLocal(self.write_local(scope, name, value)?)));
        }
        Ok(Some(Statement::Node(match s {
            Stmt::While { cond, body, .. } => {
                let c = self.expr(scope, cond)?;
                let b = self.block(scope, body)?;
                Box::new(WhileNode::while_loop(condition(c, self.section(&cond.span)), b, Value::Null))
            }
            Stmt::If { cond, then_block, else_block, .. } => {
                let c = self.expr(scope, cond)?;
                let t = self.block(scope, then_block)?;
                let e = match else_block {
                    Some(b) => Some(self.block(scope, b)?),
                    None => None,
                };
                Box::new(IfNode::new(c, t, e, self.section(&cond.span)))
            }
            Stmt::Break(_) => Box::new(JumpNode { is_break: true }),
            Stmt::Continue(_) => Box::new(JumpNode { is_break: false }),
            Stmt::Debugger(_) => return Ok(None),
            Stmt::Return { value, .. } => Box::new(ReturnNode {
                value: match value {
                    Some(e) => Some(self.expr(scope, e)?.into()),
                    None => None,
                },
            }),
            Stmt::Expr(e) => self.expr(scope, e)?,
        })))
    }

    /// A property key: constant when it is a string literal (`o.name`, `o["name"]`).
    fn key(&self, scope: &mut FunctionScope, key: &Expr) -> Result<Key, BuildError> {
        Ok(match &key.kind {
            ExprKind::String(s) => Key::Constant(s.as_str().into()),
            _ => Key::Computed(self.expr(scope, key)?),
        })
    }

    fn expr(&self, scope: &mut FunctionScope, e: &Expr) -> Result<NodeBox, BuildError> {
        Ok(match &e.kind {
            ExprKind::Binary { op, left, right } => {
                let l = self.expr(scope, left)?;
                let r = self.expr(scope, right)?;
                let at = self.section(&e.span);
                match op {
                    BinaryOp::Or => Box::new(ShortCircuitNode::new(l, r, false, at)),
                    BinaryOp::And => Box::new(ShortCircuitNode::new(l, r, true, at)),
                    BinaryOp::Lt => compare_node(l, r, Ordered::Less, false, at),
                    BinaryOp::Le => compare_node(l, r, Ordered::LessOrEqual, false, at),
                    BinaryOp::Gt => compare_node(l, r, Ordered::LessOrEqual, true, at),
                    BinaryOp::Ge => compare_node(l, r, Ordered::Less, true, at),
                    BinaryOp::Eq => equal_node(l, r, false),
                    BinaryOp::Ne => equal_node(l, r, true),
                    BinaryOp::Add => Box::new(AddNode::new(l, r, at)),
                    BinaryOp::Sub => Box::new(ArithmeticNode::<Sub>::new(l, r, at)),
                    BinaryOp::Mul => Box::new(ArithmeticNode::<Mul>::new(l, r, at)),
                    BinaryOp::Div => Box::new(ArithmeticNode::<Div>::new(l, r, at)),
                }
            }
            ExprKind::Paren(inner) => self.expr(scope, inner)?,
            ExprKind::Number(digits) => {
                let n: num_bigint::BigInt = digits
                    .parse()
                    .map_err(|_| BuildError { message: format!("invalid numeric literal {digits}") })?;
                Box::new(ConstantNode::new(Value::integer_constant(n)))
            }
            ExprKind::String(s) => Box::new(ConstantNode::new(Value::string_constant(s))),
            ExprKind::Name(name) => match scope.lookup(name) {
                Some(slot) => Box::new(ReadLocalNode { name: name.clone(), slot }),
                None => Box::new(ConstantNode::new(Value::Function(self.context.function(name)))),
            },
            ExprKind::Call { callee, args } => {
                let c = self.expr(scope, callee)?;
                let mut a = Vec::with_capacity(args.len());
                for arg in args {
                    a.push(self.expr(scope, arg)?);
                }
                Box::new(InvokeNode::new(c, a))
            }
            ExprKind::AssignLocal { name, value } => Box::new(self.write_local(scope, name, value)?),
            ExprKind::ReadProperty { receiver, key } => {
                let r = self.expr(scope, receiver)?;
                match self.key(scope, key)? {
                    Key::Constant(k) => Box::new(ReadPropertyNode::new(r, k)),
                    Key::Computed(k) => Box::new(ReadKeyedPropertyNode::new(r, k)),
                }
            }
            ExprKind::WriteProperty { receiver, key, value } => {
                let r = self.expr(scope, receiver)?;
                match self.key(scope, key)? {
                    Key::Constant(k) => Box::new(WritePropertyNode::new(r, k, self.expr(scope, value)?)),
                    Key::Computed(k) => {
                        let v = self.expr(scope, value)?;
                        Box::new(WriteKeyedPropertyNode::new(r, k, v))
                    }
                }
            }
        })
    }
}

/// `statements` run in order, for their effects: a block of them, or the statement itself when
/// there is one. Every block's value is discarded (by its parent block, `if`, `while` or the
/// function body, which returns NULL when the body completes), so a one-statement block and
/// its statement do the same; the statement alone costs a node less per execution.
fn sequence(mut statements: Vec<Statement>) -> NodeBox {
    if statements.len() == 1 {
        match statements.pop() {
            Some(Statement::Node(only)) => return only,
            Some(write) => statements.push(write), // a write alone stays in a block: in place
            None => {}
        }
    }
    Box::new(BlockNode { statements })
}
