//! The `sl` binary's contract (spec §1 and the launcher options), run as a process.

use std::path::Path;
use std::process::Command;

fn sl(args: &[&str]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_sl")).args(args).current_dir(root).output().expect("sl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn missing_file_is_a_one_line_error() {
    let (status, stdout, stderr) = sl(&["no/such/file.sl"]);
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("sl: cannot read no/such/file.sl"), "{stderr}");
}

#[test]
fn trace_shows_compiled_function_and_osr_loop() {
    let (status, stdout, stderr) = sl(&["--trace-compilation", "examples/sl/fib.sl"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stdout,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sl/fib.out"))
            .unwrap()
    );
    assert!(stderr.lines().any(|l| l.starts_with("[bonsai] compiled fib: ")), "{stderr}");
    let (status, _, stderr) = sl(&["--trace-compilation", "examples/sl/loops.sl"]);
    assert_eq!(status, 0);
    assert!(stderr.lines().any(|l| l.starts_with("[bonsai] osr-compiled main: ")), "{stderr}");
}

#[test]
fn dump_tree_and_dump_ir_go_to_stderr() {
    let (status, stdout, stderr) =
        sl(&["--dump-tree", "--dump-ir", "--compile-threshold", "2", "examples/sl/fib.sl"]);
    assert_eq!(status, 0);
    assert!(!stdout.contains("[bonsai]") && !stdout.contains("Block"), "{stdout}");
    assert!(stderr.contains("fib (calls "), "{stderr}");
    assert!(stderr.contains("function u0:"), "{stderr}");
}

#[test]
fn no_main_prints_nothing_on_stdout() {
    let (status, stdout, stderr) = sl(&["tests/golden/sl/launcher/no_main.sl"]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert_eq!(stderr, "No function main() defined in SL source file.\n");
}

#[test]
fn trees_over_the_compile_budget_stay_interpreted_with_a_reason() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("over_budget.sl");
    let sum = " + n".repeat(3000);
    let program = format!(
        "function f(n) {{ x = 1{sum}; return x; }}\nfunction main() {{ i = 0; while (i < 3) {{ f(i); i = i + 1; }} return f(2); }}\n"
    );
    std::fs::write(&file, program).expect("target tmpdir is writable");
    let (status, stdout, stderr) =
        sl(&["--compile-threshold", "1", "--trace-compilation", file.to_str().expect("utf-8 path")]);
    assert_eq!((status, stdout.as_str()), (0, "6001\n"));
    // The node or the IR budget, whichever the unit passes first while it is evaluated.
    let refused = stderr.lines().find(|l| l.starts_with("[bonsai] compilation of f refused: "));
    assert!(refused.is_some_and(|l| l.contains(" too large to compile: ")), "{stderr}");
}

#[test]
fn messages_name_the_file_by_its_base_name() {
    let path = "tests/golden/sl/errors_type/sub_number_string.sl";
    let (status, stdout, _) = sl(&[path]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let expected = std::fs::read_to_string(root.join(path).with_extension("out")).expect("expected output");
    assert_eq!((status, stdout.as_str()), (1, expected.as_str()));
    assert!(stdout.contains(" at sub_number_string.sl line "), "{stdout}");
}

/// The execution modes of the golden corpora, as launcher options.
const MODES: [&[&str]; 5] = [
    &["--interpreter-only"],
    &[],
    &["--compile-threshold", "1", "--osr-threshold", "1"],
    &["--compile-threshold", "1", "--osr-threshold", "1", "--stress-invalidate", "3"],
    &["--compile-threshold", "1000000000", "--osr-threshold", "1"],
];

#[test]
fn heap_exhaustion_is_a_guest_error_that_keeps_earlier_output() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let programs = [
        // Large strings (large-object space), built by a boundary.
        ("oom_strings.sl", "function main() { s = \"x\"; i = 0; while (i < 40) { s = s + s; i = i + 1; println(i); } }"),
        // A live list of small objects, allocated inline by compiled code.
        (
            "oom_objects.sl",
            "function main() { println(\"start\"); head = new(); cur = head; i = 0;\n  while (i < 10000000) { n = new(); n.v = i; cur.next = n; cur = n; i = i + 1; } println(i); }",
        ),
        // Elements growing by doubling.
        ("oom_elements.sl", "function main() { println(\"start\"); o = new(); i = 0; while (i < 100000000) { o[i] = i; i = i + 1; } }"),
    ];
    for (name, text) in programs {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("target tmpdir is writable");
        for mode in MODES {
            let mut args = mode.to_vec();
            args.push(file.to_str().expect("utf-8 path"));
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let out = Command::new(env!("CARGO_BIN_EXE_sl"))
                .args(&args)
                .env("BONSAI_HEAP_BYTES", "16M")
                .current_dir(root)
                .output()
                .expect("sl runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name} {mode:?}: {stdout}{stderr}");
            let last = stdout.lines().last().unwrap_or_default();
            assert!(
                last.starts_with("Out of memory: cannot allocate ")
                    && last.ends_with(" in a heap of 16777216 bytes (BONSAI_HEAP_BYTES)"),
                "{name} {mode:?}: {stdout}{stderr}"
            );
            let first = if name == "oom_strings.sl" { "1" } else { "start" };
            assert_eq!(stdout.lines().next(), Some(first), "{name} {mode:?}: earlier output kept");
        }
    }
}

#[test]
fn output_that_cannot_be_written_is_a_failure() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux: no device that fails every write
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_sl"))
        .arg("examples/sl/fib.sl")
        .stdout(full)
        .current_dir(root)
        .output()
        .expect("sl runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("sl: cannot write the program's output: "), "{stderr}");
}

#[test]
fn invalid_heap_environment_is_rejected_with_the_accepted_forms() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (variable, value, expected) in [
        (
            "BONSAI_HEAP_BYTES",
            "garbage",
            "BONSAI_HEAP_BYTES=\"garbage\" is not valid: expected a number of bytes",
        ),
        ("BONSAI_HEAP_BYTES", "1T", "BONSAI_HEAP_BYTES=\"1T\" is not valid: expected a number of bytes"),
        ("BONSAI_HEAP_BYTES", "1M", "a maximum heap of 1048576 bytes (BONSAI_HEAP_BYTES) is too small"),
        ("BONSAI_MIN_HEAP_BYTES", "lots", "BONSAI_MIN_HEAP_BYTES=\"lots\" is not valid"),
        (
            "BONSAI_GC_THREADS",
            "-1",
            "BONSAI_GC_THREADS=\"-1\" is not valid: expected a whole number of threads",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_sl"))
            .arg("examples/sl/fib.sl")
            .env(variable, value)
            .current_dir(&root)
            .output()
            .expect("sl runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            (out.status.code(), out.stdout.is_empty()),
            (Some(2), true),
            "{variable}={value}: {stderr}"
        );
        assert!(stderr.starts_with("sl: ") && stderr.contains(expected), "{variable}={value}: {stderr}");
    }
}

/// The two stack-overflow error lines: the call-depth limit, and the native stack check.
const DEPTH_OVERFLOW: &str = "Stack overflow: guest call depth exceeded 100000";
const NATIVE_OVERFLOW: &str = "Stack overflow: guest calls exhausted the native stack";

#[test]
fn native_stack_exhaustion_is_a_guest_error_that_keeps_earlier_output() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let nested = format!("{}f(n + 1){}", "(1 + ".repeat(300), ")".repeat(300));
    let params: Vec<String> = (0..200).map(|i| format!("p{i}")).collect();
    let zeros = vec!["0"; 200].join(", ");
    let programs = [
        // The recursive call 300 levels deep in an expression: large frames in the interpreter
        // (compiled frames, whose slow paths deoptimize, may reach the depth limit first).
        (
            "deep_expression.sl",
            format!("function f(n) {{ return {nested}; }}\nfunction main() {{ println(\"start\"); return f(0); }}\n"),
            &[][..],
            &[NATIVE_OVERFLOW, DEPTH_OVERFLOW][..],
        ),
        // 200 parameters: large argument lists and frames.
        (
            "many_parameters.sl",
            format!(
                "function f({}) {{ return f(p0 + 1, {}) + 1; }}\nfunction main() {{ println(\"start\"); return f({zeros}); }}\n",
                params.join(", "),
                params[1..].join(", ")
            ),
            &[][..],
            // The interpreter reaches the depth limit first (~9 KB a call).
            &[DEPTH_OVERFLOW, NATIVE_OVERFLOW][..],
        ),
        // Small frames, but a call-depth limit the native stack cannot reach.
        (
            "unlimited_depth.sl",
            "function f(n) { return f(n + 1) + 1; }\nfunction main() { println(\"start\"); return f(0); }\n"
                .to_string(),
            &["--max-call-depth", "100000000"][..],
            &[NATIVE_OVERFLOW][..],
        ),
    ];
    for (name, text, options, expected) in programs {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("target tmpdir is writable");
        for mode in MODES {
            let mut args = mode.to_vec();
            args.extend_from_slice(options);
            args.push(file.to_str().expect("utf-8 path"));
            let (status, stdout, stderr) = sl(&args);
            assert!(
                expected.iter().any(|line| stdout == format!("start\n{line}\n")),
                "{name} {mode:?}: {stdout}{stderr}"
            );
            assert_eq!(status, 1, "{name} {mode:?}: {stdout}{stderr}");
        }
    }
}

#[test]
fn a_compilation_near_the_deepest_point_fits_in_the_room_below_the_stack_limit() {
    // Find the depth at which the interpreter runs out of native stack, then compile the
    // function (615 nodes) on one of its last calls before that depth: the compilation runs in
    // the room below the stack limit (each interpreted call takes ~45 KB).
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("compile_at_the_bottom.sl");
    let nested = format!("{}f(n + 1){}", "(1 + ".repeat(300), ")".repeat(300));
    std::fs::write(
        &file,
        format!("function f(n) {{ println(n); return {nested}; }}\nfunction main() {{ return f(1); }}\n"),
    )
    .expect("target tmpdir is writable");
    let path = file.to_str().expect("utf-8 path");
    let (status, stdout, stderr) = sl(&["--interpreter-only", path]);
    assert_eq!(status, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.last(), Some(&NATIVE_OVERFLOW), "{stderr}");
    let deepest: u32 = lines[lines.len() - 2].parse().expect("the last line before the error is a depth");
    for threshold in [deepest - 2, deepest - 1] {
        let threshold = threshold.to_string();
        let (status, stdout, stderr) = sl(&["--compile-threshold", &threshold, "--trace-compilation", path]);
        assert_eq!(status, 1, "threshold {threshold}: {stderr}");
        assert_eq!(stdout.lines().last(), Some(NATIVE_OVERFLOW), "threshold {threshold}: {stderr}");
        assert_eq!(stdout.lines().next(), Some("1"), "threshold {threshold}: earlier output kept");
        assert!(stderr.contains("[bonsai] compiled f: "), "threshold {threshold}: {stderr}");
    }
}

/// `--dump-tree=dot --dump-dir DIR`: one Graphviz file per user function; the program's
/// output is unchanged.
#[test]
fn dump_tree_dot_writes_one_file_per_function() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dot-dumps");
    let _ = std::fs::remove_dir_all(&dir);
    let (status, stdout, stderr) =
        sl(&["--dump-tree=dot", "--dump-dir", dir.to_str().unwrap(), "examples/sl/fib.sl"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, "");
    let expected =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sl/fib.out"));
    assert_eq!(stdout, expected.unwrap());
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["fib.dot", "main.dot"]);
    let fib = std::fs::read_to_string(dir.join("fib.dot")).unwrap();
    assert!(fib.starts_with("digraph \"fib\" {"), "{fib}");
}

/// A dump directory that cannot be made is an error before the program runs, not a panic.
#[test]
fn unwritable_dump_dir_is_a_clear_error() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-a-directory");
    std::fs::write(&file, "").unwrap();
    let dir = file.join("dumps");
    let (status, stdout, stderr) =
        sl(&["--dump-tree=dot", "--dump-dir", dir.to_str().unwrap(), "examples/sl/fib.sl"]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert!(stderr.starts_with("sl: cannot write the tree dump "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (status, _, stderr) = sl(&["--dump-dir", "x", "examples/sl/fib.sl"]);
    assert_eq!(status, 2, "--dump-dir needs --dump-tree: {stderr}");
}

/// `--trace-compilation=json FILE`: one JSON object per line, from `start` to `exit`, with
/// the compilations; nothing on stderr.
#[test]
fn json_trace_goes_to_its_file() {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trace.jsonl");
    let (status, _, stderr) =
        sl(&["--trace-compilation=json", file.to_str().unwrap(), "examples/sl/loops.sl"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, "");
    let trace = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = trace.lines().collect();
    assert!(lines[0].starts_with(r#"{"t_us":"#) && lines[0].contains(r#""event":"start""#), "{trace}");
    assert!(lines.last().unwrap().contains(r#""event":"exit""#), "{trace}");
    assert!(trace.contains(r#""event":"osr_compiled","target":"main""#), "{trace}");
    let (status, _, stderr) = sl(&["--trace-compilation=json", "--interpreter-only", "examples/sl/fib.sl"]);
    assert_eq!(status, 2, "json needs a file: {stderr}");
    let (status, _, stderr) = sl(&["--trace-compilation=json", "/no/such/dir/t.jsonl", "examples/sl/fib.sl"]);
    assert_eq!(status, 1);
    assert!(stderr.starts_with("sl: cannot create the compilation trace /no/such/dir/t.jsonl: "), "{stderr}");
}
