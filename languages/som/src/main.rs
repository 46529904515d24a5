//! `som [options] [-cp DIR1:DIR2:...] TARGET [ARG...]`: runs a SOM program (spec §1). Prints
//! nothing but the program's own output; errors, compilation traces and dumps go to stderr.

use bonsai::engine::{run_with_stack, GUEST_STACK_BYTES};
use clap::Parser;
use std::process::ExitCode;

/// Run a SOM Smalltalk program on Bonsai.
#[derive(Parser, Debug)]
#[command(name = "som", version, about)]
struct Args {
    /// The class path, `DIR1:DIR2:...` (also spelled `-cp`); default: the project's core library.
    #[arg(long = "cp", value_name = "DIRS")]
    class_path: Option<String>,
    /// The class to run: a class file path or a class name.
    target: String,
    /// Arguments passed to the program after the class name (taken from the command line
    /// before option parsing, so that `--help` after TARGET is the program's).
    #[arg(skip)]
    args: Vec<String>,
    #[command(flatten)]
    engine: bonsai_pe::cli::EngineArgs,
}

/// Options that take a value (the launcher's own; everything after TARGET is the program's).
const VALUED: &[&str] = &[
    "--cp",
    "--compile-threshold",
    "--osr-threshold",
    "--stress-invalidate",
    "--stress-deopt",
    "--max-call-depth",
    "--max-compile-nodes",
    "--max-inline-nodes",
    "--trace-file",
    "--dump-dir",
];

/// The launcher's part of the command line, up to TARGET, with the traditional `-cp`
/// spelled `--cp`; and the program's arguments after TARGET.
fn split(args: impl Iterator<Item = String>) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut program = Vec::new();
    let mut expect_value = false;
    let mut target_seen = false;
    for (i, a) in args.enumerate() {
        if target_seen {
            program.push(a);
            continue;
        }
        if i == 0 {
            out.push(a);
            continue;
        }
        if expect_value {
            expect_value = false;
            out.push(a);
            continue;
        }
        let a = if a == "-cp" { "--cp".to_string() } else { a };
        if VALUED.contains(&a.as_str()) {
            expect_value = true;
        } else if !a.starts_with('-') {
            target_seen = true;
        }
        out.push(a);
    }
    (out, program)
}

fn main() -> ExitCode {
    let (launcher, program) = split(bonsai_pe::cli::expand_args(std::env::args()).into_iter());
    let mut args = Args::parse_from(launcher);
    args.args = program;
    let configured = bonsai::heap::HeapOptions::from_env().and_then(bonsai::heap::configure);
    if let Err(e) = configured {
        eprintln!("som: {e}");
        return ExitCode::from(2);
    }
    // The heap is created on first use, not on a thread of its own at start-up: MMTk's
    // initialization (its address-space reservations) contends with the first compilation
    // for the kernel's memory-map lock, and a program that never allocates (recursive `fib`)
    // then needs no heap at all; programs that allocate do so right away (see
    // `bonsai::heap::initialize_in_background`).
    let options = args.engine.options();
    let run_options = som::launcher::RunOptions {
        dump_tree: args.engine.dump_tree.is_some(),
        tree_format: args.engine.dump_tree.unwrap_or_default(),
        dump_dir: args.engine.dump_dir.clone(),
    };
    // Where dumps and traces go is checked before the program runs.
    if let Some(dir) = &run_options.dump_dir {
        if let Err(e) = bonsai::node::graph::prepare_dump_dir(dir) {
            eprintln!("som: {e}");
            return ExitCode::from(1);
        }
    }
    let trace = match args.engine.open_json_trace() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("som: {e}");
            return ExitCode::from(1);
        }
    };
    let status = run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = match bonsai_pe::engine(options) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("som: {e}");
                return 1;
            }
        };
        if let Some(trace) = trace {
            engine.set_event_trace(Box::new(trace));
        }
        let core_lib = som::default_core_lib();
        let command = som::launcher::Command {
            class_path: args.class_path.as_deref(),
            target: &args.target,
            args: &args.args,
            core_lib: &core_lib,
        };
        let status = som::launcher::run(
            &command,
            engine.clone(),
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            &run_options,
        );
        match engine.finish_event_trace() {
            Ok(()) => status,
            Err(e) => {
                eprintln!("som: cannot write the compilation trace: {e}");
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
            eprintln!("som: cannot start the guest thread: {e}");
            ExitCode::from(1)
        }
    }
}
