//! The SL golden corpus (`tests/golden/sl`), the SL examples (`examples/sl`) and the SL
//! benchmark programs (`benchmarks/sl`), each program run in every execution mode: output and
//! exit status must match the expected files byte for byte, identically in all modes.

use bonsai_tests::{golden_cases, run_sl, workspace_root, GoldenCase, Mode};

fn check(cases: &[GoldenCase], mode: Mode) {
    assert!(!cases.is_empty(), "no golden cases found");
    let mut failures = Vec::new();
    for case in cases {
        let name = case.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let r = run_sl(&name, &case.text, &case.stdin, mode);
        if r.stdout != case.expected_stdout || r.status != case.expected_status {
            failures.push(format!(
                "{} [{mode:?}]\n--- expected (status {})\n{}--- actual (status {})\n{}{}",
                case.path.display(),
                case.expected_status,
                case.expected_stdout,
                r.status,
                r.stdout,
                if r.diagnostics.is_empty() {
                    String::new()
                } else {
                    format!("--- diagnostics\n{}", r.diagnostics)
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn corpus() -> Vec<GoldenCase> {
    let root = workspace_root();
    let mut cases = golden_cases(&root.join("tests/golden/sl"), "sl");
    cases.extend(golden_cases(&root.join("examples/sl"), "sl"));
    // The Are-We-Fast-Yet ports, with a small iteration count in `<name>.in`.
    cases.extend(golden_cases(&root.join("benchmarks/sl"), "sl"));
    cases
}

#[test]
fn golden_interpreter() {
    check(&corpus(), Mode::Interpreter);
}

#[test]
fn golden_eager_compilation() {
    check(&corpus(), Mode::Eager);
}

#[test]
fn golden_invalidation_stress() {
    check(&corpus(), Mode::Stress);
}

#[test]
fn golden_on_stack_replacement() {
    check(&corpus(), Mode::Osr);
}

#[test]
fn golden_deoptimization_stress() {
    check(&corpus(), Mode::DeoptStress);
}
