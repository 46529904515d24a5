//! The `bonsai-report` binary on good and bad input, run as a process.

use std::path::{Path, PathBuf};
use std::process::Command;

fn report(args: &[&str]) -> (i32, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_bonsai-report")).args(args).output().expect("bonsai-report runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bonsai-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const TRACE: &str = r#"{"t_us":3,"event":"start","format":"bonsai-compilation-trace","version":1}
{"t_us":1500,"event":"compiled","target":"fib","nodes":19,"ir_instructions":352,"code_bytes":2464,"compile_us":600,"reason":"1000 calls","inlined":[]}
{"t_us":2500,"event":"deoptimized","target":"fib","reason":"Add: Long"}
{"t_us":2510,"event":"invalidated","target":"fib","reason":"node rewritten"}
{"t_us":4000,"event":"compiled","target":"fib","nodes":19,"ir_instructions":352,"code_bytes":2464,"compile_us":700,"reason":"1000 calls","inlined":[]}
{"t_us":4200,"event":"osr_compiled","target":"main","nodes":40,"ir_instructions":500,"code_bytes":3000,"compile_us":900,"reason":"hot loop","inlined":["fib"]}
{"t_us":4300,"event":"refused","target":"big","unit":"call_target","kind":"budget","reason":"tree too large","compiled_without_inlining":false}
{"t_us":9000,"event":"exit"}
"#;

#[test]
fn a_timeline_is_an_svg_naming_every_target() {
    let trace = scratch("trace.jsonl");
    std::fs::write(&trace, TRACE).unwrap();
    let svg = scratch("timeline.svg");
    let (status, stderr) = report(&["timeline", trace.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    for text in ["fib", "main", "big", "2 compilations, 1 OSR compilations, 1 invalidations"] {
        assert!(svg.contains(text), "{text} missing from {svg}");
    }
}

#[test]
fn warmup_plots_one_svg_per_benchmark() {
    let data = scratch("warmup.json");
    std::fs::write(
        &data,
        r#"{"format": "bonsai-warmup", "version": 1, "benchmarks": [
            {"name": "richards", "n": 4, "runtimes": [
                {"runtime": "sl", "label": "SL", "iterations_us": [9000, 3000, 2900, 2950]},
                {"runtime": "lua5.4", "label": "Lua 5.4", "iterations_us": [20000, 19000, 19500, 19200]}]},
            {"name": "sieve", "n": 2, "runtimes": [
                {"runtime": "node", "label": "Node", "iterations_us": [100, 40]}]}]}"#,
    )
    .unwrap();
    let dir = scratch("warmup-plots");
    let (status, stderr) = report(&["warmup", data.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let richards = std::fs::read_to_string(dir.join("warmup-richards.svg")).unwrap();
    assert!(richards.contains("Lua 5.4 — steady state"), "{richards}");
    assert!(dir.join("warmup-sieve.svg").exists());
}

#[test]
fn bad_input_is_a_one_line_error() {
    let bad = scratch("bad.jsonl");
    std::fs::write(&bad, "{\"t_us\":0,\"event\":\"start\"}\nnot json\n").unwrap();
    let out = scratch("never.svg").to_str().unwrap().to_string();
    let (status, stderr) = report(&["timeline", bad.to_str().unwrap(), "-o", &out]);
    assert_eq!(status, 1);
    assert!(
        stderr.starts_with("bonsai-report: ") && stderr.contains("bad.jsonl: line 2: not a trace event"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (status, stderr) = report(&["warmup", bad.to_str().unwrap(), "-o", &out]);
    assert_eq!(status, 1);
    assert!(stderr.contains("not a warm-up file"), "{stderr}");
    let (status, stderr) = report(&["timeline", "/no/such/trace.jsonl", "-o", &out]);
    assert_eq!(status, 1);
    assert!(stderr.starts_with("bonsai-report: cannot read /no/such/trace.jsonl"), "{stderr}");
    let trace = scratch("good.jsonl");
    std::fs::write(&trace, TRACE).unwrap();
    let (status, stderr) = report(&["timeline", trace.to_str().unwrap(), "-o", "/no/such/dir/t.svg"]);
    assert_eq!(status, 1);
    assert!(stderr.starts_with("bonsai-report: cannot write /no/such/dir/t.svg"), "{stderr}");
}
