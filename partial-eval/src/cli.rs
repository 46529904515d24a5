//! The engine's command-line options, shared by every language's launcher: a launcher's clap
//! parser flattens [`EngineArgs`] into its own (`#[command(flatten)]`) and builds its engine
//! from [`EngineArgs::options`], so `sl`, `som` and the next language take the same flags with
//! the same meaning and defaults.
//!
//! ```
//! use clap::Parser;
//! #[derive(Parser)]
//! struct Launcher {
//!     #[command(flatten)]
//!     engine: bonsai_pe::cli::EngineArgs,
//!     program: String,
//! }
//! let l = Launcher::parse_from(["lang", "--compile-threshold", "1", "prog.x"]);
//! let options = l.engine.options();
//! assert_eq!((options.compile_threshold_calls, options.osr_threshold_back_edges), (1, 10));
//! assert!(options.compilation);
//! ```
//!
//! Two flags take an optional value after `=`: `--dump-tree` (`text`, the default, or `dot`)
//! and `--trace-compilation` (`text`, the default, or `json`, which writes JSON lines to the
//! file given by `--trace-file FILE`, or by the word after it: a launcher passes its
//! command line through [`expand_args`] first, which turns `--trace-compilation=json FILE`
//! into `--trace-compilation=json --trace-file FILE`).
//!
//! ```
//! use clap::Parser;
//! # #[derive(Parser)]
//! # struct Launcher {
//! #     #[command(flatten)]
//! #     engine: bonsai_pe::cli::EngineArgs,
//! #     program: String,
//! # }
//! let argv = ["lang", "--trace-compilation=json", "trace.jsonl", "--dump-tree=dot", "prog.x"];
//! let l = Launcher::parse_from(bonsai_pe::cli::expand_args(argv.map(String::from)));
//! assert_eq!(l.engine.trace_file.as_deref(), Some(std::path::Path::new("trace.jsonl")));
//! assert_eq!(l.engine.dump_tree, Some(bonsai::node::graph::TreeFormat::Dot));
//! assert!(!l.engine.options().trace_compilation); // the text trace is off
//! assert_eq!(l.program, "prog.x");
//! ```

use bonsai::engine::EngineOptions;
use bonsai::node::graph::TreeFormat;
use std::path::PathBuf;

/// The engine options as command-line flags.
#[derive(clap::Args, Debug, Clone)]
pub struct EngineArgs {
    /// Never compile: run everything in the interpreter.
    #[arg(long)]
    pub interpreter_only: bool,
    /// Calls after which a function or method is compiled (1 = eager compilation).
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().compile_threshold_calls)]
    pub compile_threshold: u32,
    /// Loop back edges after which a loop is compiled by on-stack replacement
    /// (default: the compile threshold times 10).
    #[arg(long, value_name = "N")]
    pub osr_threshold: Option<u32>,
    /// Invalidation stress: invalidate a call target's code on its N-th entry into compiled
    /// code, then after 2N more entries, 4N more, … (0: off).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub stress_invalidate: u32,
    /// Deoptimization stress: every guard of compiled code fails on its N-th evaluation, then
    /// its 2N-th, 4N-th, … (0: off).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub stress_deopt: u32,
    /// Guest call depth at which a call fails with a stack-overflow error.
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_call_depth)]
    pub max_call_depth: u32,
    /// Largest tree, in nodes, one compilation may take on.
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_compile_nodes)]
    pub max_compile_nodes: usize,
    /// Largest callee tree, in nodes, compiled code inlines at a call site (0: no inlining).
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_inline_nodes)]
    pub max_inline_nodes: usize,
    /// Compiled code allocates every object, even those that do not escape (turns off
    /// allocation removal).
    #[arg(long)]
    pub no_allocation_removal: bool,
    /// Trace every compilation, OSR compilation, refusal, deoptimization and invalidation:
    /// `--trace-compilation` prints a line each to stderr; `--trace-compilation=json FILE`
    /// writes them as JSON lines with timestamps to FILE (for `bonsai-report timeline`).
    #[arg(
        long,
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "text",
        value_parser = ["text", "json"],
        requires_if("json", "trace_file")
    )]
    pub trace_compilation: Option<String>,
    /// The file of `--trace-compilation=json` (also written as the word after it).
    #[arg(long, value_name = "FILE", requires = "trace_compilation")]
    pub trace_file: Option<PathBuf>,
    /// Print each call target's specialized tree at exit (to stderr; the launcher does it):
    /// `--dump-tree` as indented text, `--dump-tree=dot` as Graphviz DOT (render it with
    /// `dot -Tsvg`).
    #[arg(
        long,
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "text",
        value_parser = parse_tree_format
    )]
    pub dump_tree: Option<TreeFormat>,
    /// With `--dump-tree`: write one file per function into DIR (`NAME.dot` or `NAME.txt`,
    /// created if missing) instead of to stderr.
    #[arg(long, value_name = "DIR", requires = "dump_tree")]
    pub dump_dir: Option<PathBuf>,
    /// Print the IR of each compiled unit (to stderr).
    #[arg(long)]
    pub dump_ir: bool,
    /// Run Cranelift's IR verifier on every compiled unit; a unit that fails it is refused
    /// (with `--trace-compilation`, the refusal names the error). For debugging the compiler.
    #[arg(long)]
    pub verify_ir: bool,
}

impl EngineArgs {
    /// The engine options the flags stand for (the OSR threshold defaults to ten times the
    /// compile threshold).
    pub fn options(&self) -> EngineOptions {
        EngineOptions {
            compilation: !self.interpreter_only,
            compile_threshold_calls: self.compile_threshold,
            osr_threshold_back_edges: self.osr_threshold.unwrap_or(self.compile_threshold.saturating_mul(10)),
            stress_invalidate_every: self.stress_invalidate,
            stress_deopt_every: self.stress_deopt,
            max_call_depth: self.max_call_depth,
            max_compile_nodes: self.max_compile_nodes,
            max_inline_nodes: self.max_inline_nodes,
            trace_compilation: self.trace_compilation.as_deref() == Some("text"),
            dump_ir: self.dump_ir,
            verify_ir: self.verify_ir,
            allocation_removal: !self.no_allocation_removal,
            ..EngineOptions::default()
        }
    }

    /// The JSON event trace's file, when `--trace-compilation=json` asked for one.
    pub fn json_trace_file(&self) -> Option<&std::path::Path> {
        match self.trace_compilation.as_deref() {
            Some("json") => self.trace_file.as_deref(),
            _ => None,
        }
    }

    /// Opens the JSON event trace's file for writing (see [`EngineArgs::json_trace_file`]);
    /// `Ok(None)` without one. Give it to the engine with
    /// [`bonsai::engine::Engine::set_event_trace`].
    pub fn open_json_trace(&self) -> Result<Option<std::io::BufWriter<std::fs::File>>, TraceFileError> {
        let Some(path) = self.json_trace_file() else { return Ok(None) };
        std::fs::File::create(path)
            .map(|f| Some(std::io::BufWriter::new(f)))
            .map_err(|source| TraceFileError { path: path.to_path_buf(), source })
    }
}

/// The JSON trace file could not be created.
#[derive(Debug)]
pub struct TraceFileError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl std::fmt::Display for TraceFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot create the compilation trace {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for TraceFileError {}

fn parse_tree_format(s: &str) -> Result<TreeFormat, String> {
    match s {
        "text" => Ok(TreeFormat::Text),
        "dot" => Ok(TreeFormat::Dot),
        _ => Err(format!("unknown tree format {s:?} (known: text, dot)")),
    }
}

/// A launcher's command line with `--trace-compilation=json FILE` spelled
/// `--trace-compilation=json --trace-file FILE` (clap takes an optional value only after
/// `=`). The word after `=json` is taken as the file unless it starts with `-`.
pub fn expand_args(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.into_iter().peekable();
    while let Some(a) = args.next() {
        let json = a == "--trace-compilation=json";
        out.push(a);
        if json {
            if let Some(file) = args.next_if(|next| !next.starts_with('-')) {
                out.push("--trace-file".to_string());
                out.push(file);
            }
        }
    }
    out
}

/// What every launcher's `main` does around running its program: configures the heap from
/// the environment (`BONSAI_HEAP_BYTES`, …; an invalid value: status 2), checks that the dump
/// directory and the JSON trace file can be written (status 1), then, on a guest thread with
/// a large native stack, builds the engine of `args` (with the JIT), sets its event trace,
/// calls `run` and finishes the trace. Errors are one line on standard error, after `name: `;
/// a trace that cannot be written makes a successful run fail (status 1). Returns the exit
/// status (its low 8 bits).
pub fn launch(
    name: &'static str,
    args: &EngineArgs,
    run: impl FnOnce(std::rc::Rc<bonsai::engine::Engine>) -> i32 + Send + 'static,
) -> std::process::ExitCode {
    use std::process::ExitCode;
    let configured = bonsai::heap::HeapOptions::from_env().and_then(bonsai::heap::configure);
    if let Err(e) = configured {
        eprintln!("{name}: {e}");
        return ExitCode::from(2);
    }
    // The heap is created on first use, not on a thread of its own at start-up: MMTk's
    // initialization (its address-space reservations) contends with the first compilation
    // for the kernel's memory-map lock, and a program that never allocates (recursive `fib`)
    // then needs no heap at all (see `bonsai::heap::initialize_in_background`).
    if let Some(dir) = &args.dump_dir {
        if let Err(e) = bonsai::node::graph::prepare_dump_dir(dir) {
            eprintln!("{name}: {e}");
            return ExitCode::from(1);
        }
    }
    let trace = match args.open_json_trace() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{name}: {e}");
            return ExitCode::from(1);
        }
    };
    let options = args.options();
    let status = bonsai::engine::run_with_stack(bonsai::engine::GUEST_STACK_BYTES, move || {
        let engine = match crate::engine(options) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("{name}: {e}");
                return 1;
            }
        };
        if let Some(trace) = trace {
            engine.set_event_trace(Box::new(trace));
        }
        let status = run(engine.clone());
        match engine.finish_event_trace() {
            Ok(()) => status,
            Err(e) => {
                eprintln!("{name}: cannot write the compilation trace: {e}");
                if status == 0 {
                    1
                } else {
                    status
                }
            }
        }
    });
    match status {
        Ok(s) => ExitCode::from((s & 0xff) as u8),
        Err(e) => {
            eprintln!("{name}: cannot start the guest thread: {e}");
            ExitCode::from(1)
        }
    }
}
