//! Parses an accepted file piece by piece and builds its syntax tree, with the semantic checks
//! of spec §11.2.
//!
//! The walk visits functions in file order and everything inside them in source order, and
//! keeps the first semantic error: `break`/`continue` outside a `while` body (a function
//! body is not inside a loop; `if` blocks inherit from their surroundings), and an `=` suffix
//! after a call or another assignment (`f(1) = 2`, `x = 1 = 2`), reported at the first token of
//! its right-hand side before that side is visited.

use super::ast::{BinaryOp, Block, Expr, ExprKind, FunctionDef, Pos, Program, Span, Stmt};
use super::grammar::{Rule, SlGrammar};
use super::SourceMap;
use pest::iterators::{Pair, Pairs};
use pest::Parser as _;

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

/// Why a file did not become a tree.
pub(super) enum Failure {
    /// pest rejects the file: the caller words the error (`recognizer.rs`).
    Syntax,
    /// The file parses; this is its first semantic error in source order.
    Semantic(SemanticError),
}

/// Parses and builds `source` piece by piece (see `sl.pest`): a function head, then each
/// simple statement, `while`/`if` head, `else {` and closing `}` of its body in turn, with an
/// explicit stack of the open blocks. Only one piece's pest token queue is alive at a time,
/// and nesting of blocks costs no native stack. Semantic errors do not stop the parse: a
/// syntax error later in the file still wins (spec §11.2).
pub(super) fn build(source: &str, map: &SourceMap<'_>) -> Result<Program, Failure> {
    let mut functions = Vec::new();
    let mut function_count = 0usize;
    let mut first_error: Option<SemanticError> = None;
    let mut at = 0;
    loop {
        let Some(head) = piece(source, at, Rule::next_function) else {
            if function_count > 0 && piece(source, at, Rule::end_of_program).is_some() {
                break;
            }
            return Err(Failure::Syntax);
        };
        let builder = TreeBuilder { map, base: at };
        at += head.as_span().end();
        let function_start = builder.offset(&head);
        let mut names = Vec::new();
        let mut body_start = at;
        for p in head.into_inner() {
            match p.as_rule() {
                Rule::identifier => names.push(p.as_str().to_string()),
                Rule::lbrace => body_start = builder.offset(&p),
                _ => {}
            }
        }
        let mut blocks = BlockStack::new(body_start);
        loop {
            let Some(item) = piece(source, at, Rule::next_item) else {
                return Err(Failure::Syntax);
            };
            let builder = TreeBuilder { map, base: at };
            at += item.as_span().end();
            let in_loop = blocks.in_loop();
            let offset = builder.offset(&item);
            match item.as_rule() {
                Rule::rbrace => {
                    let block = Block { statements: blocks.take_statements(), span: builder.range(blocks.block_start(), at) };
                    match blocks.close(block) {
                        Closed::Function(body) => {
                            function_count += 1;
                            if first_error.is_none() {
                                let mut names = names.into_iter();
                                let name = names.next().unwrap_or_default();
                                let span = builder.range(function_start, at);
                                functions.push(FunctionDef { name, params: names.collect(), body, span });
                            }
                            break;
                        }
                        Closed::While { cond, start, body } => {
                            let span = builder.range(start, at);
                            blocks.push(Stmt::While { cond: Box::new(cond), body: Box::new(body), span });
                        }
                        Closed::Then { cond, start, then_block } => match piece(source, at, Rule::next_else) {
                            Some(else_head) => {
                                let else_builder = TreeBuilder { map, base: at };
                                at += else_head.as_span().end();
                                let brace = else_head
                                    .into_inner()
                                    .find(|p| p.as_rule() == Rule::lbrace)
                                    .map_or(at, |p| else_builder.offset(&p));
                                blocks.open_else(cond, start, then_block, brace, in_loop);
                            }
                            None => {
                                let span = builder.range(start, at);
                                blocks.push(Stmt::If {
                                    cond: Box::new(cond),
                                    then_block: Box::new(then_block),
                                    else_block: None,
                                    span,
                                });
                            }
                        },
                        Closed::Else { cond, start, then_block, else_block } => {
                            let span = builder.range(start, at);
                            blocks.push(Stmt::If {
                                cond: Box::new(cond),
                                then_block: Box::new(then_block),
                                else_block: Some(Box::new(else_block)),
                                span,
                            });
                        }
                    }
                }
                Rule::while_head | Rule::if_head => {
                    let is_while = item.as_rule() == Rule::while_head;
                    let mut cond = None;
                    let mut brace = at;
                    for p in item.into_inner() {
                        match p.as_rule() {
                            Rule::expression => cond = Some(record(&mut first_error, builder.expr(p))),
                            Rule::lbrace => brace = builder.offset(&p),
                            _ => {}
                        }
                    }
                    let cond = cond.flatten().unwrap_or_else(placeholder);
                    if is_while {
                        blocks.open_while(cond, offset, brace);
                    } else {
                        blocks.open_then(cond, offset, brace, in_loop);
                    }
                }
                _ => {
                    if let Some(stmt) = record(&mut first_error, builder.statement(item, in_loop)) {
                        blocks.push(stmt);
                    }
                }
            }
        }
    }
    match first_error {
        Some(e) => Err(Failure::Semantic(e)),
        None => Ok(Program { functions }),
    }
}

/// Parses one piece with entry rule `rule` from byte `at` on and returns the pair inside the
/// entry rule's (`function_head` for `next_function`); `None` if pest rejects it. Spans of
/// the pair are relative to `at`.
fn piece(source: &str, at: usize, rule: Rule) -> Option<Pair<'_, Rule>> {
    let rest = source.get(at..)?;
    SlGrammar::parse(rule, rest).ok()?.next()?.into_inner().next()
}

/// Keeps the first semantic error; the tree is not needed once there is one.
fn record<T>(first_error: &mut Option<SemanticError>, built: Build<T>) -> Option<T> {
    match built {
        Ok(t) if first_error.is_none() => Some(t),
        Ok(_) => None,
        Err(e) => {
            first_error.get_or_insert(e);
            None
        }
    }
}

/// Stands in for a condition that had a semantic error (the tree is discarded).
fn placeholder() -> Expr {
    let pos = Pos { offset: 0, line: 1, column: 1 };
    Expr { kind: ExprKind::Number(String::new()), span: Span { start: pos, end: pos } }
}

/// What a block's `{` opened.
enum Opener {
    Function,
    While { cond: Expr, start: usize },
    Then { cond: Expr, start: usize },
    Else { cond: Expr, start: usize, then_block: Block },
}

/// A block whose `}` just closed, with what it belongs to.
enum Closed {
    Function(Block),
    While { cond: Expr, start: usize, body: Block },
    Then { cond: Expr, start: usize, then_block: Block },
    Else { cond: Expr, start: usize, then_block: Block, else_block: Block },
}

/// One open block: its opener, the byte offset of its `{`, whether it is inside a loop body,
/// and its statements so far.
struct OpenBlock {
    opener: Opener,
    brace: usize,
    in_loop: bool,
    statements: Vec<Stmt>,
}

/// The blocks open at the current point of a function, innermost last (never empty until the
/// function's `}`).
struct BlockStack(Vec<OpenBlock>);

impl BlockStack {
    fn new(brace: usize) -> Self {
        BlockStack(vec![OpenBlock { opener: Opener::Function, brace, in_loop: false, statements: Vec::new() }])
    }

    fn in_loop(&self) -> bool {
        self.0.last().is_some_and(|b| b.in_loop)
    }

    fn block_start(&self) -> usize {
        self.0.last().map_or(0, |b| b.brace)
    }

    fn push(&mut self, stmt: Stmt) {
        if let Some(b) = self.0.last_mut() {
            b.statements.push(stmt);
        }
    }

    /// The innermost block's statements, without spare capacity (the vector is part of the
    /// tree from now on).
    fn take_statements(&mut self) -> Vec<Stmt> {
        let mut statements = self.0.last_mut().map(|b| std::mem::take(&mut b.statements)).unwrap_or_default();
        statements.shrink_to_fit();
        statements
    }

    fn open(&mut self, opener: Opener, brace: usize, in_loop: bool) {
        self.0.push(OpenBlock { opener, brace, in_loop, statements: Vec::new() });
    }

    fn open_while(&mut self, cond: Expr, start: usize, brace: usize) {
        self.open(Opener::While { cond, start }, brace, true);
    }

    fn open_then(&mut self, cond: Expr, start: usize, brace: usize, in_loop: bool) {
        self.open(Opener::Then { cond, start }, brace, in_loop);
    }

    fn open_else(&mut self, cond: Expr, start: usize, then_block: Block, brace: usize, in_loop: bool) {
        self.open(Opener::Else { cond, start, then_block }, brace, in_loop);
    }

    /// Closes the innermost block, whose statements are `block`.
    fn close(&mut self, block: Block) -> Closed {
        match self.0.pop().map(|b| b.opener) {
            Some(Opener::While { cond, start }) => Closed::While { cond, start, body: block },
            Some(Opener::Then { cond, start }) => Closed::Then { cond, start, then_block: block },
            Some(Opener::Else { cond, start, then_block }) => {
                Closed::Else { cond, start, then_block, else_block: block }
            }
            Some(Opener::Function) | None => Closed::Function(block),
        }
    }
}

/// Builds tree nodes from the pairs of one piece, which starts at byte `base` of the source.
pub(super) struct TreeBuilder<'m> {
    map: &'m SourceMap<'m>,
    base: usize,
}

impl<'m> TreeBuilder<'m> {
    fn statement(&self, pair: Pair<'_, Rule>, in_loop: bool) -> Build<Stmt> {
        let span = self.span(&pair);
        let offset = self.offset(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        Ok(match rule {
            Rule::break_statement if in_loop => Stmt::Break(span),
            Rule::break_statement => return Err(semantic(offset, "break used outside of loop")),
            Rule::continue_statement if in_loop => Stmt::Continue(span),
            Rule::continue_statement => return Err(semantic(offset, "continue used outside of loop")),
            Rule::debugger_statement => Stmt::Debugger(span),
            Rule::return_statement => {
                let value = match inner.find(|p| p.as_rule() == Rule::expression) {
                    Some(p) => Some(Box::new(self.expr(p)?)),
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
            let offset = self.offset(&pair);
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
            let offset = self.offset(&op);
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
        let offset = self.offset(&pair);
        let start = self.map.pos(offset);
        let mut inner = pair.into_inner();
        let name = expect(&mut inner, Rule::identifier, offset)?;
        let mut current = Expr { kind: ExprKind::Name(name.as_str().to_string()), span: self.span(&name) };
        let mut target = Target::Local;
        for suffix in inner {
            let offset = self.offset(&suffix);
            let span = Span { start, end: self.map.pos(self.base + suffix.as_span().end()) };
            let rule = suffix.as_rule();
            let mut parts = suffix.into_inner();
            let (kind, next_target) = match rule {
                Rule::call => {
                    let mut args = parts
                        .filter(|p| p.as_rule() == Rule::expression)
                        .map(|p| self.expr(p))
                        .collect::<Build<Vec<_>>>()?;
                    args.shrink_to_fit();
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
                        let at = self.offset(&rhs);
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

    /// The span of `pair` in the source.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        self.range(self.base + s.start(), self.base + s.end())
    }

    /// The span of the source bytes `start..end`.
    fn range(&self, start: usize, end: usize) -> Span {
        Span { start: self.map.pos(start), end: self.map.pos(end) }
    }

    /// The byte offset in the source where `pair` starts.
    fn offset(&self, pair: &Pair<'_, Rule>) -> usize {
        self.base + pair.as_span().start()
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
