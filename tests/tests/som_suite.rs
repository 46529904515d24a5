//! The project's own SOM TestSuite (`tests/som-suite`, see its `README.md`): the
//! `TestHarness` of spec §15 with its 25 suites, run by the SOM launcher from the workspace
//! root in every execution mode the golden runner uses (`som_golden.rs`). A conforming run
//! prints only the totals block of §15.2 with the counts pinned here and exits with 0; the
//! single-suite mode, `--help`, and a suite with failures (the harness's own sample) each run
//! once, with their exact output.

use bonsai_tests::{run_som, workspace_root, Mode, RunResult};

const CLASS_PATH: &str = "languages/som/core-lib:tests/som-suite";
const HARNESS: &str = "tests/som-suite/TestHarness.som";

/// The output of a run of every suite with no failure and no unsupported optional (§15.2).
const ALL_SUITES: &str = "\
Total number of tests:           265
Number of unsupported optionals: 0
Number of successful tests:      265
Number of assertions tested:     1359
";

/// `Integer` names the suite `IntegerTest` (§15.1).
const INTEGER_SUITE: &str = "\
TestSuite IntegerTest:
Tests: 23
Tests passed: 23
------------------------------
";

const HELP: &str = "TestHarness.som [--help] [--fail-on-optionals] [TestSuiteName]\n";

/// `HarnessSample` (a helper of `PreliminaryTest`, not one of the 25 suites): two failing
/// tests and two unsupported optionals, reported in the format of §15.2.
const SAMPLE_SUITE: &str = "\
TestSuite HarnessSample:
Tests: 4
Unsupported optional: 2
Failures: 4
Tests passed: 2
------------------------------
Unsupported optional features: 2
\tunicode
\t\tHarnessSample>>#testOptional
\t\t\tExpected 1 but was 3.
\tbigInteger
\t\tHarnessSample>>#testOptional
\t\t\tAssertion failed.
Failures: 4
    HarnessSample>>#testFailing
        Expected 1 but was 2.
    HarnessSample>>#testFailing
        Expected abc but was abd.
    HarnessSample>>#testFailing
        Assertion failed.
    HarnessSample>>#testIdentity
        Expected ab but was ab.
";

fn run(args: &[&str], mode: Mode) -> RunResult {
    // Class path and target are relative to the workspace root (as in som_golden.rs).
    std::env::set_current_dir(workspace_root()).expect("the workspace root is a directory");
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    run_som(CLASS_PATH, HARNESS, &args, mode)
}

/// Why `result` is not the expected run, or `None` when it is.
fn mismatch(result: &RunResult, stdout: &str, status: i32) -> Option<String> {
    let mut why = Vec::new();
    if result.stdout != stdout {
        why.push(format!("stdout differs:\n--- expected\n{stdout}--- actual\n{}", result.stdout));
    }
    if result.status != status {
        why.push(format!("status {}, expected {status}", result.status));
    }
    if !result.diagnostics.is_empty() {
        why.push(format!("unexpected stderr:\n{}", result.diagnostics));
    }
    (!why.is_empty()).then(|| why.join("\n"))
}

fn check(args: &[&str], mode: Mode, stdout: &str, status: i32) {
    if let Some(why) = mismatch(&run(args, mode), stdout, status) {
        panic!("TestHarness {args:?} [{mode:?}]:\n{why}");
    }
}

#[test]
fn suite_interpreter() {
    check(&[], Mode::Interpreter, ALL_SUITES, 0);
}

#[test]
fn suite_eager_compilation() {
    check(&[], Mode::Eager, ALL_SUITES, 0);
}

#[test]
fn suite_invalidation_stress() {
    check(&[], Mode::Stress, ALL_SUITES, 0);
}

#[test]
fn suite_deoptimization_stress() {
    check(&[], Mode::DeoptStress, ALL_SUITES, 0);
}

#[test]
fn single_suite() {
    check(&["Integer"], Mode::Interpreter, INTEGER_SUITE, 0);
}

#[test]
fn help() {
    check(&["--help"], Mode::Interpreter, HELP, 0);
}

/// The harness reports failures and unsupported optionals and exits with 1 (§15.2).
#[test]
fn failing_suite_is_reported() {
    check(&["HarnessSample"], Mode::Interpreter, SAMPLE_SUITE, 1);
}

/// The checks themselves can fail: another output, status or any stderr is a mismatch.
#[test]
fn mismatches_are_detected() {
    let good = RunResult { stdout: HELP.into(), diagnostics: String::new(), status: 0 };
    assert!(mismatch(&good, HELP, 0).is_none());
    assert!(mismatch(&good, ALL_SUITES, 0).is_some());
    assert!(mismatch(&good, HELP, 1).is_some());
    let noisy = RunResult { diagnostics: "Traceback".into(), ..good };
    assert!(mismatch(&noisy, HELP, 0).is_some());
}
