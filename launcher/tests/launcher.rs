//! The `bonsai` binary's contract, run as a process: files of three languages in one run,
//! `-cp`, engine options, and clear errors for a bad command line.

use std::path::Path;
use std::process::Command;

fn bonsai(args: &[&str]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO_BIN_EXE_bonsai"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("bonsai runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn three_languages_in_one_run_compiled() {
    let (status, stdout, stderr) = bonsai(&[
        "--trace-compilation",
        "--compile-threshold",
        "10",
        "-cp",
        "examples/som",
        "examples/polyglot/numbers.sl",
        "examples/polyglot/arith.toy",
        "examples/polyglot/Fractions.som",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/polyglot/numbers.out"),
    )
    .expect("the demo's output");
    assert_eq!(stdout, expected);
    // `gcd` (Toy) is compiled, called from SL's loop.
    assert!(stderr.contains("[bonsai] compiled gcd"), "{stderr}");
}

#[test]
fn an_unknown_extension_is_a_one_line_error() {
    let (status, stdout, stderr) = bonsai(&["examples/polyglot/numbers.sl", "README.md"]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert_eq!(stderr.trim(), "bonsai: README.md: unknown language (expected a .sl, .som or .toy file)");
}

#[test]
fn a_missing_file_is_a_one_line_error() {
    let (status, stdout, stderr) = bonsai(&["no/such/file.som"]);
    assert_eq!((status, stdout.as_str()), (2, ""));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("bonsai: cannot read no/such/file.som"), "{stderr}");
}
