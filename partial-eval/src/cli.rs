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

use bonsai::engine::EngineOptions;

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
    /// Print a line per compilation, OSR compilation, deoptimization and invalidation (to
    /// stderr).
    #[arg(long)]
    pub trace_compilation: bool,
    /// Print each call target's specialized tree at exit (to stderr; the launcher does it).
    #[arg(long)]
    pub dump_tree: bool,
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
            trace_compilation: self.trace_compilation,
            dump_ir: self.dump_ir,
            verify_ir: self.verify_ir,
            allocation_removal: !self.no_allocation_removal,
            ..EngineOptions::default()
        }
    }
}
