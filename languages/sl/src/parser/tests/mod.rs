//! Unit tests of the parser: error messages (`errors`), syntax trees and spans (`trees`), and
//! agreement between the pest grammar and the ANTLR replay (`differential`).

mod differential;
mod errors;
mod nesting;
mod trees;

pub(super) use super::parse;
use super::{Block, Expr, ExprKind, Stmt};

/// `body` as the body of `main`, on one line: `function main() { BODY }`.
pub(super) fn in_main(body: &str) -> String {
    format!("function main() {{ {body} }}")
}

/// The `(line, column, message)` of the error `source` must produce.
pub(super) fn error(source: &str) -> (u32, u32, String) {
    match parse(source) {
        Ok(program) => (0, 0, format!("parsed: {program:?}")),
        Err(e) => (e.line, e.column, e.message),
    }
}

/// A compact rendering of a tree for structural comparisons: `(+ a (call f 1))`.
pub(super) fn sexpr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Binary { op, left, right } => {
            format!("({} {} {})", op.symbol(), sexpr(left), sexpr(right))
        }
        ExprKind::Paren(inner) => format!("(paren {})", sexpr(inner)),
        ExprKind::Number(n) => n.clone(),
        ExprKind::String(s) => format!("{s:?}"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Call { callee, args } => {
            let args: Vec<String> = args.iter().map(sexpr).collect();
            format!("(call {}{}{})", sexpr(callee), if args.is_empty() { "" } else { " " }, args.join(" "))
        }
        ExprKind::AssignLocal { name, value } => format!("(= {name} {})", sexpr(value)),
        ExprKind::ReadProperty { receiver, key } => {
            format!("(. {} {})", sexpr(receiver), sexpr(key))
        }
        ExprKind::WriteProperty { receiver, key, value } => {
            format!("(.= {} {} {})", sexpr(receiver), sexpr(key), sexpr(value))
        }
    }
}

/// A compact rendering of a block: `{(while c {...}) (return x)}`.
pub(super) fn sblock(b: &Block) -> String {
    let stmts: Vec<String> = b.statements.iter().map(sstmt).collect();
    format!("{{{}}}", stmts.join(" "))
}

fn sstmt(s: &Stmt) -> String {
    match s {
        Stmt::While { cond, body, .. } => format!("(while {} {})", sexpr(cond), sblock(body)),
        Stmt::If { cond, then_block, else_block, .. } => match else_block {
            Some(e) => format!("(if {} {} {})", sexpr(cond), sblock(then_block), sblock(e)),
            None => format!("(if {} {})", sexpr(cond), sblock(then_block)),
        },
        Stmt::Break(_) => "break".into(),
        Stmt::Continue(_) => "continue".into(),
        Stmt::Debugger(_) => "debugger".into(),
        Stmt::Return { value: Some(v), .. } => format!("(return {})", sexpr(v)),
        Stmt::Return { value: None, .. } => "(return)".into(),
        Stmt::Expr(e) => sexpr(e),
    }
}
