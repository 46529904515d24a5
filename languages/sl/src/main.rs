//! `sl FILE.sl [options]`: runs an SL program (spec §1). Prints nothing but the program's own
//! output; compilation traces and dumps go to standard error.

use bonsai::engine::{run_with_stack, GUEST_STACK_BYTES};
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
    #[command(flatten)]
    engine: bonsai_pe::cli::EngineArgs,
}

fn main() -> ExitCode {
    let args = Args::parse_from(bonsai_pe::cli::expand_args(std::env::args()));
    // The heap's environment (BONSAI_HEAP_BYTES, BONSAI_MIN_HEAP_BYTES, BONSAI_GC_THREADS):
    // an invalid value is an error, never silently replaced by a default.
    let configured = bonsai::heap::HeapOptions::from_env().and_then(bonsai::heap::configure);
    if let Err(e) = configured {
        eprintln!("sl: {e}");
        return ExitCode::from(2);
    }
    // The heap is created on first use, not on a thread of its own at start-up: MMTk's
    // initialization (its address-space reservations) contends with the first compilation
    // for the kernel's memory-map lock, and a program that never allocates (recursive `fib`)
    // then needs no heap at all; programs that allocate do so right away (see
    // `bonsai::heap::initialize_in_background`).
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
    let options = args.engine.options();
    let run_options = sl::launcher::RunOptions {
        dump_tree: args.engine.dump_tree.is_some(),
        tree_format: args.engine.dump_tree.unwrap_or_default(),
        dump_dir: args.engine.dump_dir.clone(),
    };
    // Where dumps and traces go is checked before the program runs.
    if let Some(dir) = &run_options.dump_dir {
        if let Err(e) = bonsai::node::graph::prepare_dump_dir(dir) {
            eprintln!("sl: {e}");
            return ExitCode::from(1);
        }
    }
    let trace = match args.engine.open_json_trace() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("sl: {e}");
            return ExitCode::from(1);
        }
    };
    let status = run_with_stack(GUEST_STACK_BYTES, move || {
        let engine = match bonsai_pe::engine(options) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("sl: {e}");
                return 1;
            }
        };
        if let Some(trace) = trace {
            engine.set_event_trace(Box::new(trace));
        }
        let output = Box::new(BufWriter::new(std::io::stdout()));
        let input = Box::new(BufReader::new(std::io::stdin()));
        let status = sl::launcher::run(
            &name,
            &text,
            engine.clone(),
            output,
            input,
            &mut std::io::stderr(),
            &run_options,
        );
        match engine.finish_event_trace() {
            Ok(()) => status,
            Err(e) => {
                eprintln!("sl: cannot write the compilation trace: {e}");
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
            eprintln!("sl: cannot start the guest thread: {e}");
            ExitCode::from(1)
        }
    }
}
