//! `bonsai [engine options] [-cp DIRS] FILE... [-- ARGS]`: runs a polyglot program (see the
//! library's docs). Prints nothing but the program's own output; traces go to standard error.

use clap::Parser;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run a polyglot program (SL and SOM files in one engine) on Bonsai.
#[derive(Parser, Debug)]
#[command(name = "bonsai", version, about)]
struct Args {
    /// SOM class path: directories separated by `:` (before the files' own directories and
    /// the core library); also spelled `-cp`.
    #[arg(long = "cp", value_name = "DIRS")]
    class_path: Option<String>,
    /// The files (`.sl`, `.som`); the first one's entry point runs.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Arguments of the program (after `--`).
    #[arg(last = true)]
    args: Vec<String>,
    #[command(flatten)]
    engine: bonsai_pe::cli::EngineArgs,
}

fn main() -> ExitCode {
    // SOM's traditional `-cp` is `--cp` here (as the `som` launcher accepts it).
    let argv = std::env::args().map(|a| if a == "-cp" { "--cp".to_string() } else { a });
    let args = Args::parse_from(bonsai_pe::cli::expand_args(argv));
    let command = bonsai_launcher::Command {
        files: args.files,
        class_path: args.class_path,
        args: args.args,
        dump_tree: args.engine.dump_tree,
        dump_dir: args.engine.dump_dir.clone(),
    };
    bonsai_pe::cli::launch("bonsai", &args.engine, move |engine| {
        let output = Box::new(BufWriter::new(std::io::stdout()));
        bonsai_launcher::run(&command, engine, output, Box::new(std::io::stderr()))
    })
}
