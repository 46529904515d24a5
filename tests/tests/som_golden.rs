//! The SOM golden corpus (`tests/golden/som`, see its `README.md`) and the example programs
//! (`examples/som`): every entry point run by
//! the SOM launcher (`som::launcher::run`, what the `som` binary calls) in every execution
//! mode, from the workspace root; standard output compared byte for byte, the exit status
//! exactly, and standard error as a subsequence of trimmed lines (with at least one line
//! between a `Traceback` line and the next expected line, §14.2, §16.1).
//!
//! `tests/golden/som/PENDING` lists the programs that do not pass yet, each with a reason:
//! the test fails when a program not listed fails, and when a listed program passes (so the
//! list stays honest and only shrinks).

use bonsai_tests::{files_with_extension, run_som, workspace_root, Mode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One entry point of the corpus.
struct Case {
    /// `category/Name`.
    name: String,
    class_path: String,
    target: String,
    args: Vec<String>,
    stdout: String,
    status: i32,
    stderr: Vec<String>,
}

/// The corpus and the example programs (`examples/som`, same conventions: an entry point is a
/// class file with an `.out` beside it).
fn corpus(root: &Path) -> Vec<Case> {
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_string_lossy().into_owned();
    let mut files = files_with_extension(&root.join("tests/golden/som"), "som");
    files.extend(files_with_extension(&root.join("examples/som"), "som"));
    files
        .into_iter()
        .filter_map(|path: PathBuf| {
            let read = |e: &str| std::fs::read_to_string(path.with_extension(e)).ok();
            let stdout = read("out")?;
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let category = relative(path.parent()?).trim_start_matches("tests/golden/som/").to_string();
            let (class_path, target) = if path.with_extension("by-name").exists() {
                (format!("{}:languages/som/core-lib", relative(path.parent()?)), stem.clone())
            } else {
                ("languages/som/core-lib".to_string(), relative(&path))
            };
            Some(Case {
                name: format!("{category}/{stem}"),
                class_path,
                target,
                args: read("args").map(|a| a.lines().map(str::to_string).collect()).unwrap_or_default(),
                stdout,
                status: read("status").and_then(|s| s.trim().parse().ok()).unwrap_or(0),
                stderr: read("stderr")
                    .map(|s| s.lines().map(|l| l.trim().to_string()).collect())
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// The pending programs and their reasons.
fn pending(root: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root.join("tests/golden/som/PENDING")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((name, reason)) => (name.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// Why the run differs from the expectations, or `None` when it passes.
fn mismatch(case: &Case, stdout: &str, status: i32, stderr: &str) -> Option<String> {
    let mut why = Vec::new();
    if stdout != case.stdout {
        why.push(format!("stdout differs:\n--- expected\n{}--- actual\n{stdout}", case.stdout));
    }
    if status != case.status {
        why.push(format!("status {status}, expected {}", case.status));
    }
    let actual: Vec<&str> = stderr.lines().map(str::trim).collect();
    if case.stderr.is_empty() {
        if !stderr.is_empty() {
            why.push(format!("unexpected stderr:\n{stderr}"));
        }
    } else {
        let mut at = 0;
        let mut positions = Vec::new();
        for expected in &case.stderr {
            match actual[at..].iter().position(|a| a == expected) {
                Some(i) => {
                    positions.push(at + i);
                    at += i + 1;
                }
                None => {
                    why.push(format!("stderr lacks `{expected}` (in order):\n{stderr}"));
                    break;
                }
            }
        }
        for (k, expected) in case.stderr.iter().enumerate() {
            if expected.starts_with("Traceback")
                && k + 1 < positions.len()
                && positions[k + 1] < positions[k] + 2
            {
                why.push(format!("no line between the Traceback line and the message:\n{stderr}"));
            }
        }
    }
    (!why.is_empty()).then(|| why.join("\n"))
}

fn check(mode: Mode) {
    let root = workspace_root();
    // Paths in the corpus (and in compile error reports) are relative to the root (README.md).
    std::env::set_current_dir(&root).expect("the workspace root is a directory");
    let cases = corpus(&root);
    assert!(cases.len() > 200, "the corpus has {} entry points", cases.len());
    let pending = pending(&root);
    for name in pending.keys() {
        assert!(cases.iter().any(|c| &c.name == name), "PENDING lists {name}, which is not in the corpus");
    }
    let mut problems = Vec::new();
    let mut passed = 0;
    for case in &cases {
        let r = run_som(&case.class_path, &case.target, &case.args, mode);
        let failure = mismatch(case, &r.stdout, r.status, &r.diagnostics);
        match (failure, pending.get(&case.name)) {
            (None, None) => passed += 1,
            (Some(why), None) => problems.push(format!("{} [{mode:?}] fails:\n{why}\n", case.name)),
            (None, Some(_)) => {
                problems.push(format!("{} [{mode:?}] passes: remove it from PENDING\n", case.name))
            }
            (Some(_), Some(_)) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} programs behave unexpectedly ({passed} pass):\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
}

#[test]
fn golden_interpreter() {
    check(Mode::Interpreter);
}

#[test]
fn golden_eager_compilation() {
    check(Mode::Eager);
}

#[test]
fn golden_invalidation_stress() {
    check(Mode::Stress);
}

#[test]
fn golden_osr() {
    check(Mode::Osr);
}

#[test]
fn golden_deoptimization_stress() {
    check(Mode::DeoptStress);
}

/// The checks themselves can fail: a wrong output, status or stderr is a mismatch.
#[test]
fn mismatches_are_detected() {
    let case = Case {
        name: "x/Y".into(),
        class_path: String::new(),
        target: String::new(),
        args: Vec::new(),
        stdout: "1\n".into(),
        status: 1,
        stderr: vec!["Traceback (most recent call at bottom):".into(), "Division by zero.".into()],
    };
    let good = "Traceback (most recent call at bottom):\n  at Y>>run\nDivision by zero.\n";
    assert!(mismatch(&case, "1\n", 1, good).is_none());
    assert!(mismatch(&case, "2\n", 1, good).is_some());
    assert!(mismatch(&case, "1\n", 0, good).is_some());
    assert!(
        mismatch(&case, "1\n", 1, "Traceback (most recent call at bottom):\nDivision by zero.\n").is_some()
    );
    assert!(mismatch(&case, "1\n", 1, "Division by zero.\n").is_some());
}
