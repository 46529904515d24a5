//! # bonsai-report
//!
//! Pictures of Bonsai runs, as SVG files drawn with `plotters` (its SVG backend only: text is
//! written as SVG `<text>`, so no system fonts are needed to draw):
//!
//! * [`timeline`]: a compile timeline from the JSON lines of `--trace-compilation=json FILE`
//!   — one row per call target, interpreted → compiled → invalidated → recompiled over time,
//!   with OSR compilations, deoptimizations and refusals marked;
//! * [`warmup`]: warm-up plots from the JSON that `benchmarks/run.py --warmup` writes — per
//!   benchmark, iteration time against iteration number for every runtime on the same axes,
//!   each runtime's steady-state median marked.
//!
//! The `bonsai-report` binary is a thin command line over both. A timeline from a trace,
//! through the library:
//!
//! ```
//! let trace = r#"{"t_us":0,"event":"start","format":"bonsai-compilation-trace","version":1}
//! {"t_us":1200,"event":"compiled","target":"fib","nodes":19,"ir_instructions":352,"code_bytes":2464,"compile_us":900,"reason":"1000 calls","inlined":[]}
//! {"t_us":5000,"event":"exit"}"#;
//! let events = bonsai_report::timeline::parse(trace).expect("a valid trace");
//! let svg = bonsai_report::timeline::render(&events, "fib.sl", 40).expect("drawn");
//! assert!(svg.starts_with("<svg") && svg.contains("fib"));
//! // Bad input is an error with the line it is on, never a panic:
//! let err = bonsai_report::timeline::parse("{\"t_us\": 1, \"event\": ").unwrap_err();
//! assert!(err.to_string().starts_with("line 1: "), "{err}");
//! ```

#![warn(missing_docs)]

pub mod timeline;
pub mod warmup;

use std::fmt;

/// Why a report could not be made.
#[derive(Debug)]
pub enum ReportError {
    /// The input is not what the report reads (bad JSON, a missing field, no data): the
    /// user's input, with the line it is on when the input is JSON lines.
    Input {
        /// 1-based line of the input, for JSON lines.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// Drawing failed (a bug or a limit of the plotting library).
    Draw(String),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Input { line: Some(line), message } => write!(f, "line {line}: {message}"),
            ReportError::Input { line: None, message } => f.write_str(message),
            ReportError::Draw(message) => write!(f, "cannot draw: {message}"),
        }
    }
}

impl std::error::Error for ReportError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for ReportError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> ReportError {
        ReportError::Draw(e.to_string())
    }
}

/// `text` shortened to at most `max` characters, with `…` at the end when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
