#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub offset: u32,
    pub line: u32,
    pub column: u32,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub functions: Vec<FunctionDef>,
}
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub params: Vec<String>,
    pub body: Block,
    pub span: Span,
}
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub statements: Vec<Stmt>,
    pub span: Span,
}
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    While { cond: Expr, body: Block, span: Span },
    If { cond: Expr, then_block: Block, else_block: Option<Block>, span: Span },
    Break(Span),
    Continue(Span),
    Debugger(Span),
    Return { value: Option<Expr>, span: Span },
    Expr(Expr),
}
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    Add,
    Sub,
    Mul,
    Div,
}
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Binary { op: BinaryOp, left: Box<Expr>, right: Box<Expr> },
    Paren(Box<Expr>),
    Number(String),
    String(String),
    Name(String),
    Call { callee: Box<Expr>, args: Vec<Expr> },
    AssignLocal { name: String, value: Box<Expr> },
    ReadProperty { receiver: Box<Expr>, key: Box<Expr> },
    WriteProperty { receiver: Box<Expr>, key: Box<Expr>, value: Box<Expr> },
}
