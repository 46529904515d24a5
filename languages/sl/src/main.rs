//! `sl FILE.sl [options]`: runs an SL program (spec §1). Prints nothing but the program's own
//! output; compilation traces and dumps go to standard error.

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use clap::Parser;
use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

/// Run a SimpleLanguage program on Bonsai.
#[derive(Parser, Debug)]
#[command(name = "sl", version, about)]
struct Args {
    /// The program to run.
    file: PathBuf,
    /// Never compile: run everything in the interpreter.
    #[arg(long)]
    interpreter_only: bool,
    /// Calls after which a function is compiled (1 = eager compilation).
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().compile_threshold_calls)]
    compile_threshold: u32,
    /// Loop back edges after which a loop is compiled by on-stack replacement
    /// (default: the compile threshold times 10).
    #[arg(long, value_name = "N")]
    osr_threshold: Option<u32>,
    /// Invalidation stress: invalidate a function's code on its N-th entry into compiled code,
    /// then after 2N more entries, 4N more, … (0: off).
    #[arg(long, value_name = "N", default_value_t = 0)]
    stress_invalidate: u32,
    /// Deoptimization stress: every guard of compiled code fails on its N-th evaluation, then
    /// its 2N-th, 4N-th, … (0: off).
    #[arg(long, value_name = "N", default_value_t = 0)]
    stress_deopt: u32,
    /// Guest call depth at which a call fails with a stack-overflow error.
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_call_depth)]
    max_call_depth: u32,
    /// Largest tree, in nodes, one compilation may take on.
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_compile_nodes)]
    max_compile_nodes: usize,
    /// Largest callee tree, in nodes, compiled code inlines at a call site (0: no inlining).
    #[arg(long, value_name = "N", default_value_t = EngineOptions::default().max_inline_nodes)]
    max_inline_nodes: usize,
    /// Compiled code allocates every object, even those that do not escape (turns off
    /// allocation removal).
    #[arg(long)]
    no_allocation_removal: bool,
    /// Print a line per compilation, OSR compilation and invalidation (to stderr).
    #[arg(long)]
    trace_compilation: bool,
    /// Print each function's specialized tree at exit (to stderr).
    #[arg(long)]
    dump_tree: bool,
    /// Print the IR of each compiled unit (to stderr).
    #[arg(long)]
    dump_ir: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The heap's environment (BONSAI_HEAP_BYTES, BONSAI_MIN_HEAP_BYTES, BONSAI_GC_THREADS):
    // an invalid value is an error, never silently replaced by a default.
    let configured = bonsai::heap::HeapOptions::from_env().and_then(bonsai::heap::configure);
    if let Err(e) = configured {
        eprintln!("sl: {e}");
        return ExitCode::from(2);
    }
    bonsai::heap::initialize_in_background();
    let text = match std::fs::read(&args.file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                eprintln!("sl: {}: not valid UTF-8", args.file.display());
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            eprintln!("sl: cannot read {}: {e}", args.file.display());
            return ExitCode::from(1);
        }
    };
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let options = EngineOptions {
        compilation: !args.interpreter_only,
        compile_threshold_calls: args.compile_threshold,
        osr_threshold_back_edges: args.osr_threshold.unwrap_or(args.compile_threshold.saturating_mul(10)),
        stress_invalidate_every: args.stress_invalidate,
        stress_deopt_every: args.stress_deopt,
        max_call_depth: args.max_call_depth,
        max_compile_nodes: args.max_compile_nodes,
        max_inline_nodes: args.max_inline_nodes,
        trace_compilation: args.trace_compilation,
        dump_ir: args.dump_ir,
        allocation_removal: !args.no_allocation_removal,
        ..EngineOptions::default()
    };
    let dump_tree = args.dump_tree;
    let status = run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = match bonsai_pe::engine(options) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("sl: {e}");
                return 1;
            }
        };
        let output = Box::new(BufWriter::new(std::io::stdout()));
        let input = Box::new(BufReader::new(std::io::stdin()));
        let run_options = sl::launcher::RunOptions { dump_tree };
        sl::launcher::run(&name, &text, engine, output, input, &mut std::io::stderr(), &run_options)
    });
    match status {
        Ok(s) => ExitCode::from((s & 0xff) as u8),
        Err(e) => {
            eprintln!("sl: cannot start the guest thread: {e}");
            ExitCode::from(1)
        }
    }
}
