//! The syntax tree of a SOM class file (spec §3), as the tree builder consumes it.
//!
//! Strings and symbols are decoded (escapes applied); names keep their source position so that
//! compile errors (§14.3) and run-time tracebacks (§14.2) can point at them.

use num_bigint::BigInt;
use std::fmt;

/// A place in a source file: a byte offset and the 1-based line and column (in characters,
/// a tab counts one) it falls on. Only LF starts a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Byte offset from the start of the file.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
}

impl Position {
    /// The 1-based column, as compile errors print it (§14.3).
    pub fn column_1based(self) -> u32 {
        self.column
    }

    /// The 0-based column, as tracebacks print it (§14.2).
    pub fn column_0based(self) -> u32 {
        self.column.saturating_sub(1)
    }
}

/// `line:column` (1-based both).
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A name where it is written: a field, parameter, temporary, variable or assignment target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The identifier: `x`.
    pub name: String,
    /// Where it starts.
    pub position: Position,
}

/// `Point = Object ( | x y | ... ---- | count | ... )`: one class file.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    /// `Point`
    pub name: Name,
    /// What follows the `=`.
    pub superclass: Superclass,
    /// `| x y |` before the separator.
    pub instance_fields: Vec<Name>,
    /// Methods before the separator, in source order.
    pub instance_methods: Vec<Method>,
    /// `| count |` after the separator (fields of the metaclass).
    pub class_fields: Vec<Name>,
    /// Methods after the separator, in source order.
    pub class_methods: Vec<Method>,
}

/// The superclass clause of a class definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Superclass {
    /// `Point = ( ... )`: the superclass is `Object`.
    Default,
    /// `Point = Shape ( ... )`
    Named(Name),
    /// `Object = nil ( ... )`: no superclass.
    Nil(Position),
}

/// `at: i put: v = ( | old | ... )` or `+ other = primitive`.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// The whole selector: `size`, `+`, `at:put:`.
    pub selector: String,
    /// `i`, `v` in `at: i put: v`.
    pub parameters: Vec<Name>,
    /// `old` in `| old |` (empty for a primitive).
    pub temporaries: Vec<Name>,
    /// `primitive` or the statements.
    pub body: MethodBody,
    /// Where the pattern starts.
    pub position: Position,
}

/// What follows the `=` of a method.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodBody {
    /// `= primitive`: bound by (class name, selector), spec §12.
    Primitive,
    /// `= ( a foo. ^ b )`
    Statements(Vec<Statement>),
}

/// One statement of a method or block body.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `a foo: b`
    Expression(Expression),
    /// `^ a`: returns from the method; in a block this is a non-local return (spec §7).
    /// Only ever the last statement of a body.
    Return {
        /// What is returned.
        value: Expression,
        /// Where the `^` is.
        position: Position,
    },
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// `x`, `self`, `super`, `nil`, `Vector` (resolved later: local, field or global).
    Variable(Name),
    /// `a := b := 3`: `targets` are assigned right to left, the value is the expression's value.
    Assignment {
        /// `a`, `b` (never a pseudo-variable: that is a compile error).
        targets: Vec<Name>,
        /// `3`
        value: Box<Expression>,
    },
    /// `v at: 1 put: 2`
    Send(Send),
    /// `[:a | | t | a + 1]`
    Block(Block),
    /// `42`, `'str'`, `#(1 2)`
    Literal {
        /// The value.
        value: Literal,
        /// Where it starts (at the `-` of a negative number).
        position: Position,
    },
}

impl Expression {
    /// Where the expression starts (the first target of an assignment).
    pub fn position(&self) -> Position {
        match self {
            Expression::Variable(name) => name.position,
            Expression::Assignment { targets, value } => {
                targets.first().map_or_else(|| value.position(), |t| t.position)
            }
            Expression::Send(send) => send.position,
            Expression::Block(block) => block.position,
            Expression::Literal { position, .. } => *position,
        }
    }
}

/// A message send: `3 + 4`, `v size`, `super at: 1 put: 2`.
#[derive(Debug, Clone, PartialEq)]
pub struct Send {
    /// `3` in `3 + 4` (a `super` receiver is [`Expression::Variable`] named `super`).
    pub receiver: Box<Expression>,
    /// The whole selector: `+`, `size`, `at:put:`.
    pub selector: String,
    /// One per `:` of a keyword selector, one for a binary selector, none for a unary one.
    pub arguments: Vec<Expression>,
    /// `super foo`: the lookup starts in the superclass of the method's holder (spec §6).
    pub is_super: bool,
    /// Where the whole send starts (its receiver's start), as tracebacks report it.
    pub position: Position,
    /// Where the selector (its first keyword) starts.
    pub selector_position: Position,
}

/// `[:a :b | | t | a + b]`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// `a`, `b`
    pub parameters: Vec<Name>,
    /// `t`
    pub temporaries: Vec<Name>,
    /// `a + b` (empty for `[ ]`, whose value is `nil`).
    pub body: Vec<Statement>,
    /// Where the `[` is.
    pub position: Position,
}

/// A literal constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `42`, `-5` (fits in an `i64`).
    Integer(i64),
    /// `12345678901234567890` (does not fit in an `i64`).
    BigInteger(BigInt),
    /// `2.5`, `-0.5`
    Double(f64),
    /// `'a\tb'` (escapes decoded).
    String(String),
    /// `#foo`, `#at:put:`, `#+`, `#'with spaces'` (the name, without `#`).
    Symbol(String),
    /// `#(1 #a 'b' #(2))`
    Array(Vec<Literal>),
}
