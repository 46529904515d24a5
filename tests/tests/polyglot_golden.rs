//! The polyglot corpus (`examples/polyglot`, the demos, and `tests/golden/polyglot`, a case
//! per interop message in both directions and per cross-language error): every entry point
//! run by the `bonsai` launcher (`bonsai_launcher::run`) in every execution mode, from the
//! workspace root; standard output compared byte for byte and the exit status exactly.
//!
//! An entry point is an `.sl`, `.som` or `.toy` file with an `.out` beside it (and optionally a
//! `.status`); a `.with` file beside it lists further files to load, one per line, relative
//! to the entry point's directory. In the eager mode every demo must compile (the test reads
//! the compile events), and no mode may refuse a compilation for a reason other than a budget.

use bonsai_tests::{files_with_extension, run_polyglot, workspace_root, Mode};
use std::path::{Path, PathBuf};

struct Case {
    name: String,
    files: Vec<PathBuf>,
    stdout: String,
    status: i32,
}

fn corpus(root: &Path) -> Vec<Case> {
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut entries = Vec::new();
    for dir in ["examples/polyglot", "tests/golden/polyglot"] {
        for ext in ["sl", "som", "toy"] {
            entries.extend(files_with_extension(&root.join(dir), ext));
        }
    }
    entries.sort();
    entries
        .into_iter()
        .filter_map(|path| {
            let read = |e: &str| std::fs::read_to_string(path.with_extension(e)).ok();
            let stdout = read("out")?;
            let dir = path.parent()?.to_path_buf();
            let mut files = vec![relative(&path)];
            if let Some(with) = read("with") {
                files.extend(
                    with.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| relative(&dir.join(l))),
                );
            }
            Some(Case {
                name: relative(&path).display().to_string(),
                files,
                stdout,
                status: read("status").and_then(|s| s.trim().parse().ok()).unwrap_or(0),
            })
        })
        .collect()
}

#[test]
fn polyglot_corpus_runs_identically_in_every_mode() {
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("workspace root");
    let cases = corpus(&root);
    assert!(cases.len() >= 6, "the polyglot corpus has {} entry points", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        for mode in Mode::ALL {
            let (r, log) = run_polyglot(&case.files, mode);
            if mode == Mode::Eager && case.name.starts_with("examples/") && !log.contains("[bonsai] compiled")
            {
                failures.push(format!("{} in mode {mode:?}: nothing was compiled", case.name));
            }
            if r.stdout != case.stdout || r.status != case.status {
                failures.push(format!(
                    "{} in mode {mode:?}: status {} (expected {})\n--- expected\n{}--- actual\n{}--- stderr\n{}",
                    case.name, r.status, case.status, case.stdout, r.stdout, r.diagnostics
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
