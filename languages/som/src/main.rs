//! `som [options] [-cp DIR1:DIR2:...] TARGET [ARG...]`: runs a SOM program (spec §1). Prints
//! nothing but the program's own output; errors, compilation traces and dumps go to stderr.

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
    let run_options = som::launcher::RunOptions {
        dump_tree: args.engine.dump_tree.is_some(),
        tree_format: args.engine.dump_tree.unwrap_or_default(),
        dump_dir: args.engine.dump_dir.clone(),
    };
    let engine_args = args.engine.clone();
    bonsai_pe::cli::launch("som", &engine_args, move |engine| {
        let core_lib = som::default_core_lib();
        let command = som::launcher::Command {
            class_path: args.class_path.as_deref(),
            target: &args.target,
            args: &args.args,
            core_lib: &core_lib,
        };
        som::launcher::run(
            &command,
            engine,
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            &run_options,
        )
    })
}
