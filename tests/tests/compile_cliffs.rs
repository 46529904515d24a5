//! Compilation never costs much more than the program: a function of deeply nested loops in
//! which every loop is hot at once (each OSR unit contains every loop inside its own) is
//! compiled in work linear in its size. Asserted on the compile events, not on time.

use bonsai::compiler::OSR_WORK_FACTOR;
use bonsai_tests::{run_sl_with, Mode};

/// `main` with `depth` nested `while (x < 1)` loops: each loop runs once, so with OSR at one
/// back edge every loop is compiled on its way out, outermost last.
fn nested_loops(depth: usize) -> String {
    let mut body = "x = x + 1;".to_string();
    for _ in 0..depth {
        body = format!("while (x < 1) {{ {body} }}");
    }
    format!("function main() {{ x = 0; {body} println(x); }}\n")
}

/// The node counts of the OSR units compiled for `main`, and whether the work budget refused
/// the remaining loops, from a `--trace-compilation` log.
fn osr_units(trace: &str) -> (Vec<usize>, bool) {
    let nodes = trace
        .lines()
        .filter_map(|l| l.strip_prefix("[bonsai] osr-compiled main: "))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect();
    let refused = trace.lines().any(|l| {
        l.starts_with("[bonsai] compilation of main refused: loop compilations of this function spent ")
    });
    (nodes, refused)
}

#[test]
fn osr_work_per_function_is_bounded_by_its_size() {
    for depth in [50, 200] {
        let program = nested_loops(depth);
        let r = run_sl_with("nested.sl", &program, "", Mode::Osr, |o| o.trace_compilation = true, true);
        assert_eq!((r.stdout.as_str(), r.status), ("1\n", 0), "{}", r.diagnostics);
        let (units, refused) = osr_units(&r.diagnostics);
        assert!(!units.is_empty(), "loops were compiled: {}", r.diagnostics);
        // The tree dump of `main` follows the trace: one line per node.
        let tree_nodes = r.diagnostics.lines().skip_while(|l| !l.starts_with("main (")).skip(1).count();
        let spent: usize = units.iter().sum();
        let largest = units.iter().copied().max().unwrap_or(0);
        let allowance = bonsai::engine::EngineOptions::default().max_compile_nodes;
        assert!(
            spent <= OSR_WORK_FACTOR * tree_nodes + allowance + largest,
            "depth {depth}: OSR units evaluated {spent} nodes for a tree of {tree_nodes}"
        );
        if depth == 200 {
            assert!(refused, "the deepest nest exhausts the budget: {}", r.diagnostics);
        }
    }
}

#[test]
fn a_unit_over_the_ir_budget_is_abandoned_while_it_is_evaluated() {
    // 3,000 additions: far over the IR budget long before the node budget.
    let sum = " + n".repeat(3000);
    let program = format!("function f(n) {{ return 1{sum}; }}\nfunction main() {{ println(f(1)); }}\n");
    let r = run_sl_with("big.sl", &program, "", Mode::Eager, |o| o.trace_compilation = true, false);
    assert_eq!((r.stdout.as_str(), r.status), ("3001\n", 0));
    let refusal = r.diagnostics.lines().find(|l| l.starts_with("[bonsai] compilation of f refused: "));
    // Abandoned within a node's worth of instructions of the budget, not after building all.
    let instructions: Option<usize> = refusal
        .and_then(|l| l.split("unit too large to compile: ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    assert!(
        instructions.is_some_and(|n| n < bonsai_pe::DEFAULT_MAX_IR_INSTRUCTIONS + 100),
        "{}",
        r.diagnostics
    );
}
