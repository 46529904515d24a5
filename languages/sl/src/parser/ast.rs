//! The SL syntax tree produced by [`parse`](super::parse).
//!
//! The tree is close to the source: suffix chains are folded left to right, binary operators
//! are left-associative, parentheses are kept ([`ExprKind::Paren`]) so that source ranges of
//! operands stay those of the reference implementation. Every node carries a [`Span`].
//! Trees returned by `parse` are already checked (spec §11.2): `break`/`continue` only appear
//! inside `while` bodies, and every assignment has a valid target.

/// A source position: byte offset plus 1-based line and 1-based column (columns count
/// characters, a tab is one; only LF starts a new line, as in the reference lexer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Byte offset from the start of the source.
    pub offset: u32,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters from the start of the line.
    pub column: u32,
}

/// A source range `[start, end)` (end exclusive, in the byte-offset sense).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// First character of the range.
    pub start: Pos,
    /// Position just past the last character of the range.
    pub end: Pos,
}

/// A whole file: `function main() { ... } function f(x) { ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The functions in file order (a later definition of the same name wins at registration).
    pub functions: Vec<FunctionDef>,
}

/// `function add(a, b) { return a + b; }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    /// `add`
    pub name: String,
    /// `a`, `b` in order.
    pub params: Vec<String>,
    /// `{ return a + b; }`
    pub body: Block,
    /// From the `function` keyword to the closing `}`.
    pub span: Span,
}

/// `{ x = 1; println(x); }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The statements in source order.
    pub statements: Vec<Stmt>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

/// A statement. Spans run from the first token to the last one (the `;` included).
///
/// Everything but an expression statement is boxed, so that the common case stays small
/// (a statement is the size of an [`Expr`]; a block of a million statements is a vector of
/// them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    /// `while (i < n) { i = i + 1; }`
    While {
        /// `i < n`
        cond: Box<Expr>,
        /// `{ i = i + 1; }`
        body: Box<Block>,
        /// From `while` to the body's `}`.
        span: Span,
    },
    /// `if (c) { a(); } else { b(); }`
    If {
        /// `c`
        cond: Box<Expr>,
        /// `{ a(); }`
        then_block: Box<Block>,
        /// `{ b(); }`
        else_block: Option<Box<Block>>,
        /// From `if` to the last `}`.
        span: Span,
    },
    /// `break;` (span: `break` through `;`).
    Break(Span),
    /// `continue;` (span: `continue` through `;`).
    Continue(Span),
    /// `debugger;` (span: `debugger` through `;`).
    Debugger(Span),
    /// `return x;` or `return;`
    Return {
        /// `x`, or `None` for `return;`
        value: Option<Box<Expr>>,
        /// From `return` through `;`.
        span: Span,
    },
    /// `println(x);` (the span is the expression's, without the `;`).
    Expr(Expr),
}

/// An expression with its source range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// The source text of the expression (see [`ExprKind`] for where each kind starts).
    pub span: Span,
}

/// Binary operators, loosest first: `||`, `&&`, comparisons, `+ -`, `* /`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `a || b`
    Or,
    /// `a && b`
    And,
    /// `a < b`
    Lt,
    /// `a <= b`
    Le,
    /// `a > b`
    Gt,
    /// `a >= b`
    Ge,
    /// `a == b`
    Eq,
    /// `a != b`
    Ne,
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    Div,
}

impl BinaryOp {
    /// The operator as written in source: `"<="` for [`BinaryOp::Le`].
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// The operator for its source text: `"<="` → [`BinaryOp::Le`]; `None` for anything else.
    pub fn from_symbol(symbol: &str) -> Option<BinaryOp> {
        Some(match symbol {
            "||" => BinaryOp::Or,
            "&&" => BinaryOp::And,
            "<" => BinaryOp::Lt,
            "<=" => BinaryOp::Le,
            ">" => BinaryOp::Gt,
            ">=" => BinaryOp::Ge,
            "==" => BinaryOp::Eq,
            "!=" => BinaryOp::Ne,
            "+" => BinaryOp::Add,
            "-" => BinaryOp::Sub,
            "*" => BinaryOp::Mul,
            "/" => BinaryOp::Div,
            _ => return None,
        })
    }
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// `a + b - c` is `Binary { Sub, Binary { Add, a, b }, c }`; the span starts where `left`'s
    /// span starts (at the `(` for a parenthesised left operand).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
    },
    /// `(a + b)`; the span runs from `(` to `)`.
    Paren(Box<Expr>),
    /// `12345678901234567890` (decimal digits as written; may exceed 64 bits).
    Number(String),
    /// `"abc"` holds `abc`: the characters between the quotes, no escapes.
    String(String),
    /// `x` (a local variable or, when no local of that name is visible, a function value).
    Name(String),
    /// `f(1, 2)`; `f(1)(2)` is a call whose callee is the call `f(1)`. The span starts at the
    /// name that begins the suffix chain and ends at `)`.
    Call {
        /// `f`
        callee: Box<Expr>,
        /// `1`, `2`
        args: Vec<Expr>,
    },
    /// `x = y + 1` (assignment to a local; its value is the assigned value).
    AssignLocal {
        /// `x`
        name: String,
        /// `y + 1`
        value: Box<Expr>,
    },
    /// `o.k` (key is `ExprKind::String("k")` spanning `k`) or `o[e]` (key is `e`).
    ReadProperty {
        /// `o`
        receiver: Box<Expr>,
        /// `"k"` or `e`
        key: Box<Expr>,
    },
    /// `o.k = v` or `o[e] = v`; in `a.b.c = v` the receiver is `a.b` and the key `"c"`.
    WriteProperty {
        /// `o`
        receiver: Box<Expr>,
        /// `"k"` or `e`
        key: Box<Expr>,
        /// `v`
        value: Box<Expr>,
    },
}
