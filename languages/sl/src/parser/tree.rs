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
    let mut walk = Walk { source, map, at: 0, first_error: None };
    let mut functions = Vec::new();
    let mut parsed = 0usize;
    loop {
        let (builder, head) = walk.next(Rule::next_function).ok_or(Failure::Syntax)?;
        if head.as_rule() == Rule::EOI {
            if parsed == 0 {
                return Err(Failure::Syntax);
            }
            break;
        }
        functions.extend(walk.function(&builder, head)?);
        parsed += 1;
    }
    match walk.first_error {
        Some(e) => Err(Failure::Semantic(e)),
        None => Ok(Program { functions }),
    }
}

/// The state of a piecewise parse: the source, the byte offset of the next piece, and the
/// first semantic error so far.
struct Walk<'s, 'm> {
    source: &'s str,
    map: &'m SourceMap<'m>,
    at: usize,
    first_error: Option<SemanticError>,
}

impl<'s, 'm> Walk<'s, 'm> {
    /// Parses the next piece with entry rule `rule` and moves past it; returns the pair inside
    /// the entry rule's (`function_head` for `next_function`) and a builder for its spans, or
    /// `None` (without moving) if pest rejects it or it is empty (`next_else` without `else`).
    fn next(&mut self, rule: Rule) -> Option<(TreeBuilder<'m>, Pair<'s, Rule>)> {
        let rest = self.source.get(self.at..)?;
        let pair = SlGrammar::parse(rule, rest).ok()?.next()?.into_inner().next()?;
        let builder = TreeBuilder { map: self.map, base: self.at };
        self.at += pair.as_span().end();
        Some((builder, pair))
    }

    /// Keeps the first semantic error; the tree is not needed once there is one.
    fn record<T>(&mut self, built: Build<T>) -> Option<T> {
        match built {
            Ok(t) if self.first_error.is_none() => Some(t),
            Ok(_) => None,
            Err(e) => {
                self.first_error.get_or_insert(e);
                None
            }
        }
    }

    /// Parses the rest of a function whose head (`builder` is that piece's) was just parsed;
    /// `None` if the file already had a semantic error.
    fn function(
        &mut self,
        builder: &TreeBuilder<'_>,
        head: Pair<'_, Rule>,
    ) -> Result<Option<FunctionDef>, Failure> {
        let start = builder.offset(&head);
        let mut names = Vec::new();
        let mut brace = start;
        for p in head.into_inner() {
            match p.as_rule() {
                Rule::identifier => names.push(p.as_str().to_string()),
                Rule::lbrace => brace = builder.offset(&p),
                _ => {}
            }
        }
        let mut blocks = BlockStack::new(brace);
        loop {
            let (builder, item) = self.next(Rule::next_item).ok_or(Failure::Syntax)?;
            let in_loop = blocks.in_loop();
            match item.as_rule() {
                Rule::rbrace => {
                    if let Some(body) = self.close(&mut blocks, &builder, in_loop) {
                        if self.first_error.is_some() {
                            return Ok(None);
                        }
                        let mut names = names.into_iter();
                        let name = names.next().unwrap_or_default();
                        let span = builder.range(start, self.at);
                        return Ok(Some(FunctionDef { name, params: names.collect(), body, span }));
                    }
                }
                Rule::while_head | Rule::if_head => {
                    let is_while = item.as_rule() == Rule::while_head;
                    let start = builder.offset(&item);
                    let mut cond = None;
                    let mut brace = start;
                    for p in item.into_inner() {
                        match p.as_rule() {
                            Rule::expression => cond = self.record(builder.expr(p)),
                            Rule::lbrace => brace = builder.offset(&p),
                            _ => {}
                        }
                    }
                    let cond = cond.unwrap_or_else(placeholder);
                    if is_while {
                        blocks.open(Opener::While { cond, start }, brace, true);
                    } else {
                        blocks.open(Opener::Then { cond, start }, brace, in_loop);
                    }
                }
                _ => {
                    if let Some(stmt) = self.record(builder.statement(item, in_loop)) {
                        blocks.push(stmt);
                    }
                }
            }
        }
    }

    /// Closes the innermost block at the `}` just parsed (`builder` is that piece's): adds
    /// the `while` or `if` it ends to the enclosing block, or opens the `else` block that
    /// follows; returns the body when the block is the function's.
    fn close(&mut self, blocks: &mut BlockStack, builder: &TreeBuilder<'_>, in_loop: bool) -> Option<Block> {
        let span = builder.range(blocks.block_start(), self.at);
        let block = Block { statements: blocks.take_statements(), span };
        let (cond, start, then_block, else_block) = match blocks.close(block) {
            Closed::Function(body) => return Some(body),
            Closed::While { cond, start, body } => {
                let span = builder.range(start, self.at);
                blocks.push(Stmt::While { cond: Box::new(cond), body: Box::new(body), span });
                return None;
            }
            Closed::Then { cond, start, then_block } => match self.next(Rule::next_else) {
                Some((else_builder, else_head)) => {
                    let brace = else_head
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::lbrace)
                        .map_or(self.at, |p| else_builder.offset(&p));
                    blocks.open(Opener::Else { cond, start, then_block }, brace, in_loop);
                    return None;
                }
                None => (cond, start, then_block, None),
            },
            Closed::Else { cond, start, then_block, else_block } => {
                (cond, start, then_block, Some(Box::new(else_block)))
            }
        };
        let span = builder.range(start, self.at);
        blocks.push(Stmt::If { cond: Box::new(cond), then_block: Box::new(then_block), else_block, span });
        None
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
        BlockStack(vec![OpenBlock {
            opener: Opener::Function,
            brace,
            in_loop: false,
            statements: Vec::new(),
        }])
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
