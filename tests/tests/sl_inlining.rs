//! Inlining seen from outside: which call targets compiled units inline (the trace), and that a
//! rewrite inside an inlined tree invalidates the callers that inlined it.

use bonsai_tests::{run_sl_with, Mode};

const PROGRAM: &str = "
function callee(x) { return x + 1; }
function caller(n) {
  i = 0; s = 0;
  while (i < n) { s = s + callee(i); i = i + 1; }
  return s;
}
function main() {
  println(caller(10));
  println(caller(10));
  println(callee(\"a\"));
  println(caller(10));
}
";

fn traced(max_inline_nodes: usize) -> (String, String) {
    let run = run_sl_with(
        "inline.sl",
        PROGRAM,
        "",
        Mode::Eager,
        move |o| {
            o.trace_compilation = true;
            o.max_inline_nodes = max_inline_nodes;
        },
        false,
    );
    assert_eq!(run.status, 0, "{}", run.diagnostics);
    (run.stdout, run.diagnostics)
}

#[test]
fn rewrite_in_inlined_callee_invalidates_its_callers() {
    let (stdout, trace) = traced(100);
    assert_eq!(stdout, "55\n55\na1\n55\n");
    // `caller` is recompiled once `callee` has run, with `callee` inlined ...
    let inlined_at = trace
        .lines()
        .position(|l| l.starts_with("[bonsai] compiled caller:") && l.ends_with("inlined callee)"))
        .unwrap_or_else(|| panic!("caller never inlined callee:\n{trace}"));
    // ... and `callee("a")` respecializes `callee`'s `+`, which invalidates that code.
    let invalidated =
        trace.lines().skip(inlined_at).any(|l| l == "[bonsai] invalidated caller: inlined tree rewritten");
    assert!(invalidated, "the rewrite in callee did not invalidate caller:\n{trace}");
}

#[test]
fn max_inline_nodes_zero_disables_inlining() {
    let (stdout, trace) = traced(0);
    assert_eq!(stdout, "55\n55\na1\n55\n");
    assert!(trace.contains("[bonsai] compiled caller:"), "{trace}");
    assert!(!trace.contains("inlined"), "inlined with max_inline_nodes = 0:\n{trace}");
}
