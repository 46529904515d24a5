//! The nesting limit (`nesting.rs`) and the piecewise parse of large files (`tree.rs`).

use super::{error, in_main, parse};
use crate::parser::MAX_NESTING_LEVELS;

fn too_deep(text: &str) -> String {
    format!("input nested too deeply at '{text}' (more than {MAX_NESTING_LEVELS} levels)")
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    // `{` of main is level 1, `=` level 2.
    let depth = MAX_NESTING_LEVELS - 2;
    let source = in_main(&format!("x = {}1{};", "(".repeat(depth), ")".repeat(depth)));
    assert!(parse(&source).is_ok());
}

#[test]
fn nesting_past_the_limit_is_refused_at_the_first_token_too_deep() {
    let depth = MAX_NESTING_LEVELS - 1;
    let source = in_main(&format!("x = {}1{};", "(".repeat(depth), ")".repeat(depth)));
    // `function main() { x = ` is 22 characters; the 999th `(` is the 1001st level.
    assert_eq!(error(&source), (1, 22 + depth as u32, too_deep("(")));
}

#[test]
fn every_nesting_token_counts() {
    let n = MAX_NESTING_LEVELS;
    let blocks = format!("function main() {{ {}{} }}", "while (1) { ".repeat(n), "}".repeat(n));
    // Each `while` adds two levels in its head: the `(` 1000 levels deep is the first too deep.
    assert_eq!(error(&blocks).2, too_deep("("));
    let assignments = in_main(&format!("{}1;", "x = ".repeat(n)));
    assert_eq!(error(&assignments).2, too_deep("="));
    let calls = in_main(&format!("{}1{};", "f(".repeat(n), ")".repeat(n)));
    assert_eq!(error(&calls).2, too_deep("("));
    let indexes = in_main(&format!("x = a{}1{};", "[a".repeat(n), "]".repeat(n)));
    assert_eq!(error(&indexes).2, too_deep("["));
}

#[test]
fn commas_semicolons_and_closing_brackets_end_assignments() {
    let n = MAX_NESTING_LEVELS;
    assert!(parse(&in_main(&"x = 1; ".repeat(n))).is_ok());
    assert!(parse(&in_main(&format!("f({});", vec!["x = 1"; n].join(", ")))).is_ok());
    assert!(parse(&in_main(&"(x = 1); ".repeat(n))).is_ok());
}

#[test]
fn an_earlier_lexical_error_wins() {
    let source = in_main(&format!("x = %{};", "(".repeat(2 * MAX_NESTING_LEVELS)));
    assert_eq!(error(&source), (1, 23, "token recognition error at: '%'".to_string()));
}

#[test]
fn a_million_parentheses_are_refused_quickly() {
    let depth = 1_000_000;
    let source = in_main(&format!("x = {}1{};", "(".repeat(depth), ")".repeat(depth)));
    let start = std::time::Instant::now();
    assert_eq!(error(&source).2, too_deep("("));
    // Generous: the check takes milliseconds; seconds would mean the parser ran.
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn large_files_are_parsed_piece_by_piece_into_the_same_tree() {
    // Functions, nested blocks, `else`, comments and a semantic error at the very end.
    let mut source = String::new();
    for f in 0..200 {
        source.push_str(&format!("function f{f}(a, b) {{ /* c */\n  while (a < b) {{ if (a) {{ a = a + 1; }} else {{ break; }}\n  }}\n  return a;\n}}\n"));
    }
    let program = parse(&source).map_err(|e| e.to_string());
    let program = program.as_ref().map(|p| p.functions.len());
    assert_eq!(program, Ok(200));
    source.push_str("function g() { continue; }\n");
    assert_eq!(error(&source), (1001, 16, "continue used outside of loop".to_string()));
    // A syntax error after it still wins.
    source.push_str("function h() { x = ; }\n");
    assert_eq!(error(&source).0, 1002);
}

#[test]
fn strings_and_comments_do_not_nest() {
    let n = 2 * MAX_NESTING_LEVELS;
    let open = "(".repeat(n);
    let source = format!("function main() {{ x = \"{open}\"; // {open}\n /* {open} */ }}");
    assert!(parse(&source).is_ok());
    // An unterminated `/*` is the tokens `/` `*`: what follows is code.
    let source = in_main(&format!("x = 1 /* {open}"));
    assert_eq!(error(&source).2, too_deep("("));
}
