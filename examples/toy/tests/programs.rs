//! The golden corpus `programs/*.toy` (expected output in `*.out`), each program run in every
//! execution mode with byte-identical output. `UPDATE_GOLDEN=1` rewrites the `.out` files
//! from the interpreter's output (the reference).

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use std::path::{Path, PathBuf};

/// The execution modes: the interpreter alone, eager compilation, invalidation stress, and
/// eager on-stack replacement. The last one is needed because under eager compilation every
/// call runs compiled code, so no loop is ever interpreted and none is entered by OSR.
fn modes() -> [(&'static str, EngineOptions); 4] {
    let eager =
        EngineOptions { compile_threshold_calls: 1, osr_threshold_back_edges: 1, ..Default::default() };
    [
        ("interpreter", EngineOptions { compilation: false, ..Default::default() }),
        ("eager compilation", eager.clone()),
        ("invalidation stress", EngineOptions { stress_invalidate_every: 3, ..eager.clone() }),
        ("eager OSR", EngineOptions { compile_threshold_calls: u32::MAX, ..eager }),
    ]
}

/// Runs `source` and returns what it printed, then `error: MESSAGE` if it failed. Panics if a
/// compilation was refused for a reason other than a budget (unsupported input, a bug).
fn run(source: &str, options: EngineOptions) -> String {
    let source = source.to_string();
    run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = toy::engine(options).expect("engine");
        let mut out = Vec::new();
        let result = toy::run(&source, engine.clone(), &mut out);
        let refusals = engine.unexpected_refusals();
        let list: Vec<String> = refusals.iter().map(|r| r.to_string()).collect();
        assert!(refusals.is_empty(), "compilation refused, not for a budget: {}", list.join("; "));
        let mut text = String::from_utf8_lossy(&out).into_owned();
        if let Err(e) = result {
            text.push_str(&format!("error: {e}\n"));
        }
        text
    })
    .expect("guest thread")
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("programs directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toy"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_program_in_every_mode() {
    let mut failures = Vec::new();
    let paths = programs();
    assert!(paths.len() >= 7, "the corpus is missing");
    for path in paths {
        let source = std::fs::read_to_string(&path).expect("program");
        let golden = path.with_extension("out");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, run(&source, modes()[0].1.clone())).expect("write golden file");
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        for (mode, options) in modes() {
            let actual = run(&source, options);
            if actual != expected {
                failures.push(format!(
                    "{} in {mode}:\n--- expected\n{expected}--- actual\n{actual}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
