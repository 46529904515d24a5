//! `sl FILE.sl [options]`: runs an SL program (spec §1). Prints nothing but the program's own
//! output; compilation traces and dumps go to standard error.

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
    let run_options = sl::launcher::RunOptions {
        dump_tree: args.engine.dump_tree.is_some(),
        tree_format: args.engine.dump_tree.unwrap_or_default(),
        dump_dir: args.engine.dump_dir.clone(),
    };
    let file = args.file;
    bonsai_pe::cli::launch("sl", &args.engine, move |engine| {
        let text = match std::fs::read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!("sl: {}: not valid UTF-8", file.display());
                    return 1;
                }
            },
            Err(e) => {
                eprintln!("sl: cannot read {}: {e}", file.display());
                return 1;
            }
        };
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let output = Box::new(BufWriter::new(std::io::stdout()));
        let input = Box::new(BufReader::new(std::io::stdin()));
        sl::launcher::run(&name, &text, engine, output, input, &mut std::io::stderr(), &run_options)
    })
}
