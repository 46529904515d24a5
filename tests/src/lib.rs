//! The test harness shared by Bonsai's cross-crate corpora: one helper that runs a program in
//! a given execution mode and returns what it printed.

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The execution modes every corpus runs in; outputs must be byte-identical across them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Interpreter only.
    Interpreter,
    /// Compile on the first call and the first loop back edge.
    Eager,
    /// Eager compilation, and compiled code invalidated on every third entry.
    Stress,
    /// Functions interpreted, loops compiled by on-stack replacement after one back edge:
    /// eager compilation alone never enters a loop from the interpreter.
    Osr,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Interpreter, Mode::Eager, Mode::Stress, Mode::Osr];

    /// The engine options of this mode.
    pub fn options(self) -> EngineOptions {
        let eager = EngineOptions {
            compilation: true,
            compile_threshold_calls: 1,
            osr_threshold_back_edges: 1,
            ..EngineOptions::default()
        };
        match self {
            Mode::Interpreter => EngineOptions { compilation: false, ..EngineOptions::default() },
            Mode::Eager => eager,
            Mode::Stress => EngineOptions { stress_invalidate_every: 3, ..eager },
            Mode::Osr => EngineOptions { compile_threshold_calls: u32::MAX, ..eager },
        }
    }
}

/// A `Write` into a shared buffer, so output written by the guest can be read afterwards.
#[derive(Clone, Default)]
pub struct SharedBuffer(Rc<RefCell<Vec<u8>>>);

impl SharedBuffer {
    pub fn contents(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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
    let (name, text, stdin) = (name.to_string(), text.to_string(), stdin.to_string());
    run_with_stack(GUEST_STACK_BYTES, move || {
        let mut options = mode.options();
        configure(&mut options);
        let out = SharedBuffer::default();
        let log = SharedBuffer::default();
        let compiler: Option<Box<dyn bonsai::compiler::Compiler>> = if options.compilation {
            Some(Box::new(
                bonsai_pe::JitCompiler::verifying(options.dump_ir)
                    .expect("host supports the JIT")
                    .with_options(&options),
            ))
        } else {
            None
        };
        let engine = bonsai::engine::Engine::with_log(options, compiler, Box::new(log.clone()));
        let mut diagnostics = log.clone();
        let status = sl::launcher::run(
            &name,
            &text,
            engine.clone(),
            Box::new(out.clone()),
            Box::new(std::io::Cursor::new(stdin.into_bytes())),
            &mut diagnostics,
            &sl::launcher::RunOptions { dump_tree },
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

/// Panics, naming `run`, if `engine` refused a compilation for a reason other than a budget
/// (unsupported input or an internal error): no program passes a compiled mode by silently
/// staying interpreted.
pub fn assert_no_unexpected_refusals(run: &str, engine: &bonsai::engine::Engine) {
    let refusals = engine.unexpected_refusals();
    if !refusals.is_empty() {
        let list: Vec<String> = refusals.iter().map(|r| format!("  {r}")).collect();
        panic!("{run}: compilation refused, not for a budget:\n{}", list.join("\n"));
    }
}

/// Runs SL program `text` in `mode` and returns its output and status.
pub fn run_sl(name: &str, text: &str, stdin: &str, mode: Mode) -> RunResult {
    run_sl_with(name, text, stdin, mode, |_| {}, false)
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
