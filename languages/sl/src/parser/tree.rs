//! Builds the syntax tree from the pest pairs of `Rule::program`, with the semantic checks of
//! spec §11.2.
//!
//! The walk visits functions in file order and everything inside them in source order, and
//! stops at the first semantic error: `break`/`continue` outside a `while` body (a function
//! body is not inside a loop; `if` blocks inherit from their surroundings), and an `=` suffix
//! after a call or another assignment (`f(1) = 2`, `x = 1 = 2`), reported at the first token of
//! its right-hand side before that side is visited.

use super::ast::{BinaryOp, Block, Expr, ExprKind, FunctionDef, Program, Span, Stmt};
use super::grammar::Rule;
use super::SourceMap;
use pest::iterators::{Pair, Pairs};

/// A semantic error (or, for `INTERNAL`, a pest tree that does not have the grammar's shape,
/// which would be a bug in this module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SemanticError {
    /// Byte offset the error is reported at.
    pub(super) offset: usize,
    pub(super) message: &'static str,
}

const INTERNAL: &str = "internal error: unexpected syntax tree shape";

type Build<T> = Result<T, SemanticError>;

/// What an `=` suffix at the current point of a suffix chain would assign to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The chain is a bare name: `x = v`.
    Local,
    /// The chain ends in `.name` or `[key]`: `o.k = v`.
    Property,
    /// The chain ends in a call or an assignment: `f(1) = v` is an error.
    Invalid,
}

pub(super) struct TreeBuilder<'m> {
    map: &'m SourceMap<'m>,
}

impl<'m> TreeBuilder<'m> {
    pub(super) fn new(map: &'m SourceMap<'m>) -> Self {
        TreeBuilder { map }
    }

    /// Builds a whole file from its `program` pair.
    pub(super) fn program(&self, program: Pair<'_, Rule>) -> Build<Program> {
        let functions = program
            .into_inner()
            .filter(|p| p.as_rule() == Rule::function)
            .map(|p| self.function(p))
            .collect::<Build<Vec<_>>>()?;
        Ok(Program { functions })
    }

    fn function(&self, pair: Pair<'_, Rule>) -> Build<FunctionDef> {
        let span = self.span(&pair);
        let offset = pair.as_span().start();
        let mut names = Vec::new();
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::identifier => names.push(p.as_str().to_string()),
                Rule::block => body = Some(self.block(p, false)?),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        match (names.next(), body) {
            (Some(name), Some(body)) => Ok(FunctionDef { name, params: names.collect(), body, span }),
            _ => Err(internal(offset)),
        }
    }

    fn block(&self, pair: Pair<'_, Rule>, in_loop: bool) -> Build<Block> {
        let span = self.span(&pair);
        let statements = pair
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::lbrace | Rule::rbrace))
            .map(|p| self.statement(p, in_loop))
            .collect::<Build<Vec<_>>>()?;
        Ok(Block { statements, span })
    }

    fn statement(&self, pair: Pair<'_, Rule>, in_loop: bool) -> Build<Stmt> {
        let span = self.span(&pair);
        let offset = pair.as_span().start();
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        Ok(match rule {
            Rule::while_statement => {
                let cond = self.expr(expect(&mut inner, Rule::expression, offset)?)?;
                let body = self.block(expect(&mut inner, Rule::block, offset)?, true)?;
                Stmt::While { cond, body, span }
            }
            Rule::if_statement => {
                let cond = self.expr(expect(&mut inner, Rule::expression, offset)?)?;
                let then_block = self.block(expect(&mut inner, Rule::block, offset)?, in_loop)?;
                let else_block = match inner.find(|p| p.as_rule() == Rule::block) {
                    Some(p) => Some(self.block(p, in_loop)?),
                    None => None,
                };
                Stmt::If { cond, then_block, else_block, span }
            }
            Rule::break_statement if in_loop => Stmt::Break(span),
            Rule::break_statement => return Err(semantic(offset, "break used outside of loop")),
            Rule::continue_statement if in_loop => Stmt::Continue(span),
            Rule::continue_statement => return Err(semantic(offset, "continue used outside of loop")),
            Rule::debugger_statement => Stmt::Debugger(span),
            Rule::return_statement => {
                let value = match inner.find(|p| p.as_rule() == Rule::expression) {
                    Some(p) => Some(self.expr(p)?),
                    None => None,
                };
                Stmt::Return { value, span }
            }
            Rule::expression_statement => {
                Stmt::Expr(self.expr(expect(&mut inner, Rule::expression, offset)?)?)
            }
            _ => return Err(internal(offset)),
        })
    }

    /// Builds any expression pair. Levels with a single operand (`expression` → `logic_term`
    /// → ... → `term` → factor) are unwrapped in a loop rather than by recursion.
    fn expr(&self, pair: Pair<'_, Rule>) -> Build<Expr> {
        let mut pair = pair;
        loop {
            let span = self.span(&pair);
            let offset = pair.as_span().start();
            return Ok(match pair.as_rule() {
                Rule::expression | Rule::logic_term | Rule::logic_factor | Rule::arithmetic | Rule::term => {
                    let mut inner = pair.into_inner();
                    let first = inner.next().ok_or(internal(offset))?;
                    if inner.peek().is_none() {
                        pair = first;
                        continue;
                    }
                    return self.binary(first, inner);
                }
                Rule::paren => {
                    let inner = self.expr(expect(&mut pair.into_inner(), Rule::expression, offset)?)?;
                    Expr { kind: ExprKind::Paren(Box::new(inner)), span }
                }
                Rule::string_literal => {
                    let text = pair.as_str();
                    let content = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
                    Expr { kind: ExprKind::String(content.to_string()), span }
                }
                Rule::numeric_literal => Expr { kind: ExprKind::Number(pair.as_str().to_string()), span },
                Rule::name_access => return self.suffix_chain(pair),
                _ => return Err(internal(offset)),
            });
        }
    }

    /// Folds `a op b op c` left to right; each node's span starts at its left operand.
    fn binary(&self, first: Pair<'_, Rule>, mut rest: Pairs<'_, Rule>) -> Build<Expr> {
        let mut left = self.expr(first)?;
        while let Some(op) = rest.next() {
            let offset = op.as_span().start();
            let op = BinaryOp::from_symbol(op.as_str()).ok_or(internal(offset))?;
            let right = self.expr(rest.next().ok_or(internal(offset))?)?;
            let span = Span { start: left.span.start, end: right.span.end };
            left = Expr { kind: ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span };
        }
        Ok(left)
    }

    /// Folds `name suffix*` left to right: every node spans from the name to the end of its
    /// last suffix.
    fn suffix_chain(&self, pair: Pair<'_, Rule>) -> Build<Expr> {
        let offset = pair.as_span().start();
        let start = self.map.pos(offset);
        let mut inner = pair.into_inner();
        let name = expect(&mut inner, Rule::identifier, offset)?;
        let mut current = Expr { kind: ExprKind::Name(name.as_str().to_string()), span: self.span(&name) };
        let mut target = Target::Local;
        for suffix in inner {
            let offset = suffix.as_span().start();
            let span = Span { start, end: self.map.pos(suffix.as_span().end()) };
            let rule = suffix.as_rule();
            let mut parts = suffix.into_inner();
            let (kind, next_target) = match rule {
                Rule::call => {
                    let args = parts
                        .filter(|p| p.as_rule() == Rule::expression)
                        .map(|p| self.expr(p))
                        .collect::<Build<Vec<_>>>()?;
                    let callee = Box::new(current);
                    (ExprKind::Call { callee, args }, Target::Invalid)
                }
                Rule::member => {
                    let name = expect(&mut parts, Rule::identifier, offset)?;
                    let key =
                        Expr { kind: ExprKind::String(name.as_str().to_string()), span: self.span(&name) };
                    let receiver = Box::new(current);
                    let key = Box::new(key);
                    (ExprKind::ReadProperty { receiver, key }, Target::Property)
                }
                Rule::index => {
                    let key = Box::new(self.expr(expect(&mut parts, Rule::expression, offset)?)?);
                    let receiver = Box::new(current);
                    (ExprKind::ReadProperty { receiver, key }, Target::Property)
                }
                Rule::assignment => {
                    let rhs = expect(&mut parts, Rule::expression, offset)?;
                    if target == Target::Invalid {
                        let at = rhs.as_span().start();
                        return Err(semantic(at, "invalid assignment target"));
                    }
                    let value = Box::new(self.expr(rhs)?);
                    let kind = match current.kind {
                        ExprKind::Name(name) => ExprKind::AssignLocal { name, value },
                        ExprKind::ReadProperty { receiver, key } => {
                            ExprKind::WriteProperty { receiver, key, value }
                        }
                        _ => return Err(internal(offset)),
                    };
                    (kind, Target::Invalid)
                }
                _ => return Err(internal(offset)),
            };
            current = Expr { kind, span };
            target = next_target;
        }
        Ok(current)
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span { start: self.map.pos(s.start()), end: self.map.pos(s.end()) }
    }
}

/// The next pair of `rule` among `pairs`.
fn expect<'i>(pairs: &mut Pairs<'i, Rule>, rule: Rule, offset: usize) -> Build<Pair<'i, Rule>> {
    pairs.find(|p| p.as_rule() == rule).ok_or(internal(offset))
}

fn semantic(offset: usize, message: &'static str) -> SemanticError {
    SemanticError { offset, message }
}

fn internal(offset: usize) -> SemanticError {
    semantic(offset, INTERNAL)
}
