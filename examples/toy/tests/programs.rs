//! The golden corpus `programs/*.toy` (expected output in `*.out`), each program run in every
//! execution mode ([`bonsai::testing::Mode`]) with byte-identical output. `UPDATE_GOLDEN=1` rewrites the `.out` files
//! from the interpreter's output (the reference).

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use bonsai::testing::Mode;
use std::path::{Path, PathBuf};

/// Runs `source` and returns what it printed, then `error: MESSAGE` if it failed. Panics if a
/// compilation was refused for a reason other than a budget (unsupported input, a bug).
fn run(source: &str, options: EngineOptions) -> String {
    let source = source.to_string();
    run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = bonsai_pe::engine(options).expect("engine");
        let mut out = Vec::new();
        let result = toy::run(&source, engine.clone(), &mut out);
        bonsai::testing::assert_no_unexpected_refusals("toy program", &engine);
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
            std::fs::write(&golden, run(&source, Mode::Interpreter.options())).expect("write golden file");
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        for mode in Mode::ALL {
            let actual = run(&source, mode.options());
            if actual != expected {
                failures.push(format!(
                    "{} in {mode:?}:\n--- expected\n{expected}--- actual\n{actual}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
