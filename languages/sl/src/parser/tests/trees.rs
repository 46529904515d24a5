//! Syntax trees and source positions of programs that parse.

use super::{in_main, parse, sblock, sexpr};
use crate::parser::{Expr, ExprKind, Pos, Program, Span, Stmt};

fn program(source: &str) -> Program {
    match parse(source) {
        Ok(p) => p,
        Err(e) => panic!("{source:?} should parse: {e}"),
    }
}

/// The expression statements of `main`'s body, rendered.
fn exprs(body: &str) -> Vec<String> {
    let p = program(&in_main(body));
    p.functions[0]
        .body
        .statements
        .iter()
        .map(|s| match s {
            Stmt::Expr(e) => sexpr(e),
            other => format!("{other:?}"),
        })
        .collect()
}

/// The single expression statement of `main`'s body.
fn expr(body: &str) -> Expr {
    let mut p = program(&in_main(body));
    match p.functions.remove(0).body.statements.remove(0) {
        Stmt::Expr(e) => e,
        other => panic!("not an expression statement: {other:?}"),
    }
}

fn pos(offset: u32, line: u32, column: u32) -> Pos {
    Pos { offset, line, column }
}

/// `(line, column)` of the start and end of a span.
fn lc(span: Span) -> ((u32, u32), (u32, u32)) {
    ((span.start.line, span.start.column), (span.end.line, span.end.column))
}

#[test]
fn whole_program() {
    let p = program(
        "function add(a, b) { return a + b; }\n\
         function main() {\n\
           i = 0;\n\
           while (i < 10) { if (i == 5) { break; } else { i = i + 1; continue; } }\n\
           debugger;\n\
           return add(i, 2);\n\
         }\n\
         function nothing() { return; }\n",
    );
    let rendered: Vec<(String, Vec<String>, String)> =
        p.functions.iter().map(|f| (f.name.clone(), f.params.clone(), sblock(&f.body))).collect();
    assert_eq!(
        rendered,
        vec![
            ("add".into(), vec!["a".into(), "b".into()], "{(return (+ a b))}".into()),
            (
                "main".into(),
                vec![],
                "{(= i 0) (while (< i 10) {(if (== i 5) {break} {(= i (+ i 1)) continue})}) \
                 debugger (return (call add i 2))}"
                    .into()
            ),
            ("nothing".into(), vec![], "{(return)}".into()),
        ]
    );
    let add = &p.functions[0];
    assert_eq!(lc(add.span), ((1, 1), (1, 37)));
    assert_eq!(lc(add.body.span), ((1, 20), (1, 37)));
    let main = &p.functions[1];
    assert_eq!(lc(main.span), ((2, 1), (7, 2)));
    match &main.body.statements[1] {
        Stmt::While { span, body, .. } => {
            assert_eq!(lc(*span), ((4, 1), (4, 72)));
            match &body.statements[0] {
                Stmt::If { span, .. } => assert_eq!(lc(*span), ((4, 18), (4, 70))),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    match &main.body.statements[2] {
        Stmt::Debugger(span) => assert_eq!(lc(*span), ((5, 1), (5, 10))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn objects_calls_and_assignment_chains() {
    assert_eq!(
        exprs(
            "o.a.b = v; o[\"k\"].m(3); f(1)(2); x = y = 5; o.k; o[i + 1] = f; \
             x = 1 (2); x = a < b < c; a || b && c < d + e * f;"
        ),
        vec![
            "(.= (. o \"a\") \"b\" v)",
            "(call (. (. o \"k\") \"m\") 3)",
            "(call (call f 1) 2)",
            "(= x (= y 5))",
            "(. o \"k\")",
            "(.= o (+ i 1) f)",
            "(call (= x 1) 2)",
            "(< (= x (< a b)) c)",
            "(|| a (&& b (< c (+ d (* e f)))))",
        ]
    );
}

#[test]
fn operators_are_left_associative() {
    assert_eq!(
        exprs("a - b - c; a / b * c; a || b || c; a && b && c; f();"),
        vec!["(- (- a b) c)", "(* (/ a b) c)", "(|| (|| a b) c)", "(&& (&& a b) c)", "(call f)"]
    );
}

#[test]
fn literals_are_kept_as_written() {
    assert_eq!(
        exprs("x = 123456789012345678901234567890; s = \"a\\nb\"; true; null;"),
        vec!["(= x 123456789012345678901234567890)", "(= s \"a\\\\nb\")", "true", "null"]
    );
    let e = expr("s = \"a\\nb\";");
    match e.kind {
        ExprKind::AssignLocal { value, .. } => {
            assert_eq!(value.kind, ExprKind::String("a\\nb".into()));
            assert_eq!(value.kind, ExprKind::String(r"a\nb".into()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn binary_spans_start_at_the_left_operand() {
    // `function main() { ` is 18 characters, so the body starts at column 19.
    let e = expr("a + b - c;");
    assert_eq!(e.span.start, pos(18, 1, 19));
    assert_eq!(e.span.end, pos(27, 1, 28));
    let ExprKind::Binary { op, left, .. } = &e.kind else { panic!("{e:?}") };
    assert_eq!(op.symbol(), "-");
    assert_eq!(lc(left.span), ((1, 19), (1, 24)));

    let e = expr("(a) + b;");
    assert_eq!(lc(e.span), ((1, 19), (1, 26)));
    let ExprKind::Binary { left, .. } = &e.kind else { panic!("{e:?}") };
    assert!(matches!(left.kind, ExprKind::Paren(_)));
    assert_eq!(lc(left.span), ((1, 19), (1, 22)));

    // Inside parentheses an operator starts at its own left operand.
    let e = expr("x * (y + z);");
    let ExprKind::Binary { right, .. } = &e.kind else { panic!("{e:?}") };
    let ExprKind::Paren(inner) = &right.kind else { panic!("{right:?}") };
    assert_eq!(lc(right.span), ((1, 23), (1, 30)));
    assert_eq!(lc(inner.span), ((1, 24), (1, 29)));
}

#[test]
fn suffix_chain_spans_start_at_the_name() {
    let e = expr("f(1)(2);");
    assert_eq!(lc(e.span), ((1, 19), (1, 26)));
    let ExprKind::Call { callee, .. } = &e.kind else { panic!("{e:?}") };
    assert_eq!(lc(callee.span), ((1, 19), (1, 23)));

    let e = expr("obj.key = 1;");
    assert_eq!(lc(e.span), ((1, 19), (1, 30)));
    let ExprKind::WriteProperty { receiver, key, value } = &e.kind else { panic!("{e:?}") };
    assert_eq!(lc(receiver.span), ((1, 19), (1, 22)));
    assert_eq!(key.kind, ExprKind::String("key".into()));
    assert_eq!(lc(key.span), ((1, 23), (1, 26)));
    assert_eq!(lc(value.span), ((1, 29), (1, 30)));

    let e = expr("o[k + 1];");
    let ExprKind::ReadProperty { key, .. } = &e.kind else { panic!("{e:?}") };
    assert_eq!(lc(e.span), ((1, 19), (1, 27)));
    assert_eq!(lc(key.span), ((1, 21), (1, 26)));
}

#[test]
fn tabs_form_feeds_comments_and_line_ends() {
    let source = "// leading comment\n\
                  function main() {\n\
                  \t\tx = 1 /* inline */ + 2;\u{0C}\n\
                  /* multi\n line */\r\n\
                  \ty = \"é\" + z; // trailing\n\
                  }";
    let p = program(source);
    let stmts = &p.functions[0].body.statements;
    let spans: Vec<_> = stmts
        .iter()
        .map(|s| match s {
            Stmt::Expr(e) => (sexpr(e), lc(e.span)),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        spans,
        vec![
            ("(= x (+ 1 2))".to_string(), ((3, 3), (3, 25))),
            ("(= y (+ \"é\" z))".to_string(), ((6, 2), (6, 13))),
        ]
    );
    // Byte offsets count bytes: `é` is two.
    let Stmt::Expr(e) = &stmts[1] else { panic!() };
    assert_eq!(e.span.end.offset as usize, source.find("; // trailing").unwrap_or(0));
}

#[test]
fn names_and_keywords() {
    let p = program("function $f(_a, b2) { iffy = whilex + functions; }");
    assert_eq!(p.functions[0].name, "$f");
    assert_eq!(p.functions[0].params, vec!["_a", "b2"]);
    assert_eq!(sblock(&p.functions[0].body), "{(= iffy (+ whilex functions))}");
}

#[test]
fn later_functions_and_redefinitions_are_all_kept() {
    let p = program("function f() {} function f() { return 1; }");
    assert_eq!(p.functions.len(), 2);
}

#[test]
fn deep_nesting_does_not_crash() {
    for depth in [100, 5_000] {
        let source = in_main(&format!("x = {}1{};", "(".repeat(depth), ")".repeat(depth)));
        let outcome = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&source).map(|_| ()).map_err(|e| e.message))
            .map(|h| h.join());
        match outcome {
            Ok(Ok(result)) => {
                if depth == 100 {
                    assert_eq!(result, Ok(()));
                }
            }
            other => panic!("depth {depth}: {other:?}"),
        }
    }
}
