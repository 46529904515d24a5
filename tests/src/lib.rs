//! The test harness shared by Bonsai's cross-crate corpora: one helper that runs a program in
//! a given execution mode and returns what it printed.
//!
//! ```
//! use bonsai_tests::{run_sl, Mode};
//! let program = "function main() { i = 0; while (i < 10) { i = i + 1; } println(i * 4 + 2); }";
//! for mode in [Mode::Interpreter, Mode::Eager, Mode::Osr] {
//!     let r = run_sl("loop.sl", program, "", mode);
//!     assert_eq!((r.status, r.stdout.as_str()), (0, "42\n"), "{mode:?}");
//! }
//! ```

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
pub use bonsai::testing::{assert_no_unexpected_refusals, Mode, SharedBuffer};
use std::path::{Path, PathBuf};

/// What a program run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunResult {
    /// Everything the program printed on its output stream (including the error line).
    pub stdout: String,
    /// Launcher diagnostics (standard error in the real launcher) and engine traces.
    pub diagnostics: String,
    pub status: i32,
}

/// Runs SL program `text`, named `name`, in `mode` with `stdin` as input. `configure`
/// adjusts the engine options (e.g. tracing) and `dump_tree` asks for tree dumps.
pub fn run_sl_with(
    name: &str,
    text: &str,
    stdin: &str,
    mode: Mode,
    configure: impl FnOnce(&mut EngineOptions) + Send + 'static,
    dump_tree: bool,
) -> RunResult {
    let run_options = sl::launcher::RunOptions { dump_tree, ..Default::default() };
    run_sl_with_options(name, text, stdin, mode, configure, run_options)
}

/// [`run_sl_with`] with the launcher's `run_options` (tree dumps in another format or to
/// files).
pub fn run_sl_with_options(
    name: &str,
    text: &str,
    stdin: &str,
    mode: Mode,
    configure: impl FnOnce(&mut EngineOptions) + Send + 'static,
    run_options: sl::launcher::RunOptions,
) -> RunResult {
    let (name, text, stdin) = (name.to_string(), text.to_string(), stdin.to_string());
    run_with_stack(GUEST_STACK_BYTES, move || {
        let mut options = mode.options();
        configure(&mut options);
        let out = SharedBuffer::default();
        let log = SharedBuffer::default();
        let engine =
            bonsai_pe::engine_with_log(options, Box::new(log.clone())).expect("host supports the JIT");
        let mut diagnostics = log.clone();
        let status = sl::launcher::run(
            &name,
            &text,
            engine.clone(),
            Box::new(out.clone()),
            Box::new(std::io::Cursor::new(stdin.into_bytes())),
            &mut diagnostics,
            &run_options,
        );
        assert_no_unexpected_refusals(&format!("{name} in mode {mode:?}"), &engine);
        RunResult {
            stdout: String::from_utf8_lossy(&out.contents()).into_owned(),
            diagnostics: String::from_utf8_lossy(&log.contents()).into_owned(),
            status,
        }
    })
    .expect("guest thread starts")
}

/// Runs SL program `text` in `mode` and returns its output and status.
pub fn run_sl(name: &str, text: &str, stdin: &str, mode: Mode) -> RunResult {
    run_sl_with(name, text, stdin, mode, |_| {}, false)
}

/// Runs SOM program `target` (a class file path or class name, relative to the workspace
/// root, which must be the current directory) with class path `class_path` and program
/// arguments `args`, in `mode`. The result's `diagnostics` is the program's standard error.
/// Any compilation refused for a reason other than a budget fails the run (no program passes
/// by silently staying interpreted).
pub fn run_som(class_path: &str, target: &str, args: &[String], mode: Mode) -> RunResult {
    run_som_with(class_path, target, args, mode, |_| {}, false).0
}

/// [`run_som`] with the engine options of `mode` changed by `configure` and, with `dump_tree`,
/// every method's tree printed at exit; also returns the engine's log (traces, IR dumps).
pub fn run_som_with(
    class_path: &str,
    target: &str,
    args: &[String],
    mode: Mode,
    configure: impl FnOnce(&mut EngineOptions) + Send + 'static,
    dump_tree: bool,
) -> (RunResult, String) {
    let (class_path, target, args) = (class_path.to_string(), target.to_string(), args.to_vec());
    let mut options = mode.options();
    configure(&mut options);
    let label = format!("{target} in mode {mode:?}");
    run_launcher(options, label, move |engine, out, err| {
        let core_lib = som::default_core_lib();
        let command = som::launcher::Command {
            class_path: Some(&class_path),
            target: &target,
            args: &args,
            core_lib: &core_lib,
        };
        som::launcher::run(
            &command,
            engine,
            out,
            err,
            &som::launcher::RunOptions { dump_tree, ..Default::default() },
        )
    })
}

/// Runs polyglot program `files` (paths relative to the workspace root, which must be the
/// current directory; the first one's entry point runs) with the `bonsai` launcher's
/// [`bonsai_launcher::run`] in `mode`, with compilations traced. The result's `diagnostics` is
/// standard error; also returns the engine's log (the compile events).
pub fn run_polyglot(files: &[PathBuf], mode: Mode) -> (RunResult, String) {
    run_polyglot_with(files, mode, |_| {}, false)
}

/// [`run_polyglot`] with the engine options of `mode` changed by `configure` (after tracing
/// is turned on) and, with `dump_tree`, every function's and method's tree printed at exit (to
/// the result's `diagnostics`).
pub fn run_polyglot_with(
    files: &[PathBuf],
    mode: Mode,
    configure: impl FnOnce(&mut EngineOptions) + Send + 'static,
    dump_tree: bool,
) -> (RunResult, String) {
    let files = files.to_vec();
    let mut options = EngineOptions { trace_compilation: true, ..mode.options() };
    configure(&mut options);
    let label = format!("{files:?} in mode {mode:?}");
    run_launcher(options, label, move |engine, out, err| {
        let command = bonsai_launcher::Command {
            files,
            class_path: None,
            args: Vec::new(),
            dump_tree: dump_tree.then_some(bonsai::node::graph::TreeFormat::Text),
            dump_dir: None,
        };
        bonsai_launcher::run(&command, engine, out, err)
    })
}

/// Runs a launcher (`run`: the engine, standard output, standard error → exit status) on a
/// guest thread with an engine of `options`; the run's output, standard error and status, and
/// the engine's log. Any compilation refused for a reason other than a budget fails the run
/// (`label` names it): no program passes by silently staying interpreted.
fn run_launcher(
    options: EngineOptions,
    label: String,
    run: impl FnOnce(std::rc::Rc<bonsai::engine::Engine>, Box<dyn std::io::Write>, Box<dyn std::io::Write>) -> i32
        + Send
        + 'static,
) -> (RunResult, String) {
    run_with_stack(GUEST_STACK_BYTES, move || {
        let (out, err, log) = (SharedBuffer::default(), SharedBuffer::default(), SharedBuffer::default());
        let engine =
            bonsai_pe::engine_with_log(options, Box::new(log.clone())).expect("host supports the JIT");
        let status = run(engine.clone(), Box::new(out.clone()), Box::new(err.clone()));
        assert_no_unexpected_refusals(&label, &engine);
        let result = RunResult {
            stdout: String::from_utf8_lossy(&out.contents()).into_owned(),
            diagnostics: String::from_utf8_lossy(&err.contents()).into_owned(),
            status,
        };
        (result, String::from_utf8_lossy(&log.contents()).into_owned())
    })
    .expect("guest thread starts")
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// All files with extension `ext` below `dir`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A golden test case: a program with its expected output, exit status and input.
pub struct GoldenCase {
    pub path: PathBuf,
    pub text: String,
    pub expected_stdout: String,
    pub expected_status: i32,
    pub stdin: String,
}

/// Loads the golden cases below `dir` (`X.sl` with `X.out`, optional `X.status`, `X.in`).
pub fn golden_cases(dir: &Path, ext: &str) -> Vec<GoldenCase> {
    files_with_extension(dir, ext)
        .into_iter()
        .filter_map(|path| {
            let read = |e: &str| std::fs::read_to_string(path.with_extension(e)).ok();
            let expected_stdout = read("out")?;
            let text = std::fs::read_to_string(&path).ok()?;
            let expected_status = read("status").and_then(|s| s.trim().parse().ok()).unwrap_or(0);
            let stdin = read("in").unwrap_or_default();
            Some(GoldenCase { path, text, expected_stdout, expected_status, stdin })
        })
        .collect()
}

/// Runs `f` (snapshot assertions) with the filters that make tree and IR dumps stable:
/// addresses of functions, nodes and closures embedded as constants differ between runs, a
/// unit's id counts the units compiled before it, and scratch directories carry the process id.
pub fn with_snapshot_filters(f: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"0x[0-9a-f_]{6,}", "[addr]");
    settings.add_filter(r"iconst\.i64 -?\d{9,}", "iconst.i64 [addr]");
    settings.add_filter(r"colocated u0:\d+", "colocated u0:[unit]");
    settings.add_filter(r"bonsai-som-snapshots-\d+", "bonsai-som-snapshots-[pid]");
    settings.bind(f);
}

/// The examples of the crate's README, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
