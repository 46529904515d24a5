//! `bonsai-report`: pictures of Bonsai runs as SVG files.
//!
//! ```text
//! bonsai-report timeline TRACE.jsonl -o timeline.svg   # from --trace-compilation=json TRACE.jsonl
//! bonsai-report warmup WARMUP.json -o DIR              # from benchmarks/run.py --warmup WARMUP.json
//! ```
//!
//! Exit status 0, or 1 with a one-line message on standard error when an input cannot be
//! read or is not what the command reads, or an output cannot be written.

use bonsai_report::{timeline, warmup};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Draw SVG pictures of Bonsai runs.
#[derive(Parser, Debug)]
#[command(name = "bonsai-report", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// A compile timeline (per call target: interpreted, compiled, invalidated, recompiled)
    /// from the JSON lines of `--trace-compilation=json FILE`.
    Timeline {
        /// The trace.
        trace: PathBuf,
        /// The SVG file to write.
        #[arg(short, long, value_name = "SVG")]
        output: PathBuf,
        /// The title (default: the trace's file name).
        #[arg(long)]
        title: Option<String>,
        /// Rows at most: with more call targets, those with the most events.
        #[arg(long, value_name = "N", default_value_t = 40)]
        max_rows: usize,
    },
    /// Warm-up plots, one SVG per benchmark (`warmup-NAME.svg`), from the JSON file that
    /// `benchmarks/run.py --warmup FILE` writes.
    Warmup {
        /// The runner's file.
        data: PathBuf,
        /// The directory to write the SVG files into (created if missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bonsai-report: {message}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, svg: &str) -> Result<(), String> {
    std::fs::write(path, svg).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run(args: Args) -> Result<(), String> {
    match args.command {
        Command::Timeline { trace, output, title, max_rows } => {
            let events = timeline::parse(&read(&trace)?).map_err(|e| format!("{}: {e}", trace.display()))?;
            let title = title.unwrap_or_else(|| {
                trace.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            });
            let svg = timeline::render(&events, &title, max_rows.max(1)).map_err(|e| e.to_string())?;
            write(&output, &svg)
        }
        Command::Warmup { data, output } => {
            let parsed = warmup::parse(&read(&data)?).map_err(|e| format!("{}: {e}", data.display()))?;
            std::fs::create_dir_all(&output)
                .map_err(|e| format!("cannot create {}: {e}", output.display()))?;
            for bench in &parsed.benchmarks {
                let svg = warmup::render(bench).map_err(|e| e.to_string())?;
                let name: String = bench
                    .name
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
                    .collect();
                write(&output.join(format!("warmup-{name}.svg")), &svg)?;
            }
            Ok(())
        }
    }
}
