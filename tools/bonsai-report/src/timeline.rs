//! Compile timelines from `--trace-compilation=json` traces.
//!
//! A trace is JSON lines, one event each (the engine's format, documented in
//! `bonsai::engine`): `start`, `compiled`, `osr_compiled`, `refused`, `invalidated`,
//! `deoptimized`, `exit`, each with `t_us` (µs since the engine started). [`parse`] reads
//! them, [`rows`] turns them into one row per call target, [`render`] draws the rows as an
//! SVG timeline:
//!
//! * a bar per state over time: grey while interpreted (from the start of the run), dark
//!   while compiling (the compile's own time, ending at its event), green while its first
//!   code is installed, teal while later code (a recompilation) is;
//! * a blue strip under the bar from each OSR compilation of one of its loops until the
//!   target is invalidated or the run ends;
//! * a red line at each invalidation, a red cross at each deoptimization, a black triangle
//!   at each refused compilation.

use crate::{shorten, ReportError};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;

/// One event of a trace. Fields an event kind does not have are `None` or empty.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    /// Microseconds since the engine started.
    pub t_us: u64,
    /// `start`, `compiled`, `osr_compiled`, `refused`, `invalidated`, `deoptimized` or
    /// `exit` (others are read and ignored).
    pub event: String,
    /// The call target, for all but `start` and `exit`.
    #[serde(default)]
    pub target: Option<String>,
    /// Why: the compile trigger, the refusal, the invalidation or the failed speculation.
    #[serde(default)]
    pub reason: Option<String>,
    /// Compile time in microseconds (compilations).
    #[serde(default)]
    pub compile_us: Option<u64>,
    /// Nodes partially evaluated (compilations).
    #[serde(default)]
    pub nodes: Option<u64>,
    /// Machine code bytes (compilations).
    #[serde(default)]
    pub code_bytes: Option<u64>,
    /// Only the attempt with inlining was refused (refusals): the unit was compiled.
    #[serde(default)]
    pub compiled_without_inlining: bool,
}

/// Reads a trace: one JSON object per non-empty line.
pub fn parse(text: &str) -> Result<Vec<Event>, ReportError> {
    let mut events = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let input = |message: String| ReportError::Input { line: Some(i + 1), message };
        let event: Event =
            serde_json::from_str(line).map_err(|e| input(format!("not a trace event: {e}")))?;
        let needs_target = matches!(
            event.event.as_str(),
            "compiled" | "osr_compiled" | "refused" | "invalidated" | "deoptimized"
        );
        if needs_target && event.target.is_none() {
            return Err(input(format!("a `{}` event without a `target`", event.event)));
        }
        events.push(event);
    }
    if events.is_empty() {
        return Err(ReportError::Input { line: None, message: "the trace has no events".to_string() });
    }
    Ok(events)
}

/// What a call target's code was over a stretch of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Interpreted.
    Interpreted,
    /// Being compiled.
    Compiling,
    /// Running its first compiled code.
    Compiled,
    /// Running code of a later compilation.
    Recompiled,
}

/// One call target over the run; times in milliseconds since the engine started.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The call target's name.
    pub target: String,
    /// Consecutive stretches `(start, end, state)` from 0 to the end of the run.
    pub states: Vec<(f64, f64, State)>,
    /// Stretches with OSR code of one of its loops installed.
    pub osr: Vec<(f64, f64)>,
    /// Invalidations.
    pub invalidations: Vec<f64>,
    /// Deoptimizations.
    pub deoptimizations: Vec<f64>,
    /// Refused compilations.
    pub refusals: Vec<f64>,
    /// Compilations (whole target and OSR).
    pub compilations: usize,
    /// When the target first appears in the trace.
    pub first_ms: f64,
}

impl Row {
    /// All the events of the row.
    pub fn event_count(&self) -> usize {
        self.compilations + self.invalidations.len() + self.deoptimizations.len() + self.refusals.len()
    }
}

/// The run's end in ms: the `exit` event, else the last event.
pub fn end_ms(events: &[Event]) -> f64 {
    let end = events.iter().find(|e| e.event == "exit").or(events.last()).map_or(0, |e| e.t_us);
    ms(end)
}

fn ms(t_us: u64) -> f64 {
    t_us as f64 / 1000.0
}

/// One row per call target, in the order they first appear.
pub fn rows(events: &[Event]) -> Vec<Row> {
    let end = end_ms(events);
    let mut rows: Vec<Row> = Vec::new();
    // Per row: the state since when, and the open OSR stretch.
    let mut open: Vec<(f64, State, Option<f64>)> = Vec::new();
    for e in events {
        let Some(name) = &e.target else { continue };
        let t = ms(e.t_us).min(end);
        let i = match rows.iter().position(|r| &r.target == name) {
            Some(i) => i,
            None => {
                rows.push(Row { target: name.clone(), first_ms: t, ..Row::default() });
                open.push((0.0, State::Interpreted, None));
                rows.len() - 1
            }
        };
        let (row, (since, state, osr)) = (&mut rows[i], &mut open[i]);
        match e.event.as_str() {
            "compiled" => {
                let compile_start = (t - ms(e.compile_us.unwrap_or(0))).max(*since);
                row.states.push((*since, compile_start, *state));
                row.states.push((compile_start, t, State::Compiling));
                row.compilations += 1;
                let later = row.states.iter().any(|s| matches!(s.2, State::Compiled | State::Recompiled));
                (*since, *state) = (t, if later { State::Recompiled } else { State::Compiled });
            }
            "osr_compiled" => {
                row.compilations += 1;
                osr.get_or_insert(t);
            }
            "invalidated" => {
                row.invalidations.push(t);
                row.states.push((*since, t, *state));
                (*since, *state) = (t, State::Interpreted);
                if let Some(start) = osr.take() {
                    row.osr.push((start, t));
                }
            }
            "deoptimized" => row.deoptimizations.push(t),
            "refused" if !e.compiled_without_inlining => row.refusals.push(t),
            _ => {}
        }
    }
    for (row, (since, state, osr)) in rows.iter_mut().zip(open) {
        row.states.push((since, end, state));
        row.states.retain(|(a, b, _)| b > a);
        if let Some(start) = osr {
            row.osr.push((start, end));
        }
    }
    rows
}

const INTERPRETED: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
const COMPILING: RGBColor = RGBColor(0x52, 0x52, 0x52);
const COMPILED: RGBColor = RGBColor(0x74, 0xc4, 0x76);
const RECOMPILED: RGBColor = RGBColor(0x1b, 0x9e, 0x77);
const OSR: RGBColor = RGBColor(0x31, 0x82, 0xbd);
const INVALIDATED: RGBColor = RGBColor(0xde, 0x2d, 0x26);

fn color(state: State) -> RGBColor {
    match state {
        State::Interpreted => INTERPRETED,
        State::Compiling => COMPILING,
        State::Compiled => COMPILED,
        State::Recompiled => RECOMPILED,
    }
}

/// Draws the timeline of `events` as an SVG document titled after `title` (the program),
/// with at most `max_rows` rows: when there are more call targets, those with the most
/// events, in the order they first appear (the caption says how many were left out).
pub fn render(events: &[Event], title: &str, max_rows: usize) -> Result<String, ReportError> {
    let all = rows(events);
    let total = all.len();
    let mut shown: Vec<(usize, Row)> = all.into_iter().enumerate().collect();
    if shown.len() > max_rows {
        shown.sort_by_key(|(i, r)| (std::cmp::Reverse(r.event_count()), *i));
        shown.truncate(max_rows);
        shown.sort_by_key(|(i, _)| *i);
    }
    let rows: Vec<Row> = shown.into_iter().map(|(_, r)| r).collect();
    let end = end_ms(events).max(0.001);
    let count = |kind: &str| events.iter().filter(|e| e.event == kind).count();
    let refusals = events.iter().filter(|e| e.event == "refused" && !e.compiled_without_inlining).count();

    let names: Vec<String> = rows.iter().map(|r| shorten(&r.target, 48)).collect();
    let label_px =
        (names.iter().map(|n| n.chars().count()).max().unwrap_or(8) as u32 * 7 + 16).clamp(80, 360);
    let width = 1200u32;
    let row_px = 22u32;
    let height = 110 + 50 + row_px * rows.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (top, body) = root.split_vertically(100);
        let shown_note = if rows.len() < total {
            format!(" — {} of {total} call targets, most events", rows.len())
        } else {
            String::new()
        };
        top.draw_text(
            &format!("Compile timeline: {}{shown_note}", shorten(title, 80)),
            &("sans-serif", 20).into_font().color(&BLACK),
            (12, 10),
        )?;
        top.draw_text(
            &format!(
                "{} compilations, {} OSR compilations, {} invalidations, {} deoptimizations, {} refused; run {} ms",
                count("compiled"),
                count("osr_compiled"),
                count("invalidated"),
                count("deoptimized"),
                refusals,
                format_ms(end)
            ),
            &("sans-serif", 13).into_font().color(&BLACK.mix(0.8)),
            (12, 38),
        )?;
        legend(&top, 12, 66)?;

        let mut chart = ChartBuilder::on(&body)
            .margin_right(20)
            .margin_bottom(5)
            .x_label_area_size(40)
            .y_label_area_size(label_px)
            .build_cartesian_2d(0f64..end, 0f64..rows.len().max(1) as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc("time since the engine started (ms)")
            .x_label_formatter(&|x| format_ms(*x))
            .light_line_style(BLACK.mix(0.05))
            .draw()?;
        let n = rows.len() as f64;
        let label_style =
            ("sans-serif", 12).into_font().color(&BLACK).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (row, name)) in rows.iter().zip(&names).enumerate() {
            let y = n - i as f64 - 1.0;
            let (lo, hi) = (y + 0.18, y + 0.82);
            chart.draw_series(
                row.states.iter().map(|&(a, b, s)| Rectangle::new([(a, lo), (b, hi)], color(s).filled())),
            )?;
            chart.draw_series(
                row.osr.iter().map(|&(a, b)| Rectangle::new([(a, lo), (b, lo + 0.2)], OSR.filled())),
            )?;
            chart.draw_series(row.invalidations.iter().map(|&t| {
                PathElement::new(vec![(t, y + 0.08), (t, y + 0.92)], INVALIDATED.stroke_width(2))
            }))?;
            chart.draw_series(
                row.deoptimizations.iter().map(|&t| Cross::new((t, y + 0.5), 4, INVALIDATED.stroke_width(2))),
            )?;
            chart.draw_series(
                row.refusals.iter().map(|&t| TriangleMarker::new((t, y + 0.5), 5, BLACK.filled())),
            )?;
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw_text(name, &label_style, (px - 8, py))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// The legend: a swatch and a name per mark.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    x: i32,
    y: i32,
) -> Result<(), ReportError>
where
    DB::ErrorType: 'static,
{
    let font = ("sans-serif", 12).into_font().color(&BLACK);
    let mut x = x;
    let swatches: [(&str, RGBColor); 5] = [
        ("interpreted", INTERPRETED),
        ("compiling", COMPILING),
        ("compiled", COMPILED),
        ("recompiled", RECOMPILED),
        ("OSR code of a loop", OSR),
    ];
    for (name, c) in swatches {
        area.draw(&Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.filled()))?;
        area.draw_text(name, &font, (x + 24, y - 7))?;
        x += 24 + name.len() as i32 * 7 + 18;
    }
    area.draw(&PathElement::new(vec![(x + 8, y - 8), (x + 8, y + 8)], INVALIDATED.stroke_width(2)))?;
    area.draw_text("invalidated", &font, (x + 16, y - 7))?;
    x += 16 + 11 * 7 + 18;
    area.draw(&Cross::new((x + 6, y), 4, INVALIDATED.stroke_width(2)))?;
    area.draw_text("deoptimized", &font, (x + 16, y - 7))?;
    x += 16 + 11 * 7 + 18;
    area.draw(&TriangleMarker::new((x + 6, y), 5, BLACK.filled()))?;
    area.draw_text("compilation refused", &font, (x + 16, y - 7))?;
    Ok(())
}

/// `t` milliseconds with as many decimals as it needs.
fn format_ms(t: f64) -> String {
    if t >= 100.0 || t.fract() == 0.0 {
        format!("{t:.0}")
    } else if t >= 1.0 {
        format!("{t:.1}")
    } else {
        format!("{t:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(t_us: u64, event: &str, target: &str) -> Event {
        Event {
            t_us,
            event: event.to_string(),
            target: (!target.is_empty()).then(|| target.to_string()),
            reason: None,
            compile_us: Some(100),
            nodes: None,
            code_bytes: None,
            compiled_without_inlining: false,
        }
    }

    #[test]
    fn a_target_goes_interpreted_compiled_invalidated_recompiled() {
        let events = [
            event(0, "start", ""),
            event(1000, "compiled", "f"),
            event(2000, "deoptimized", "f"),
            event(2000, "invalidated", "f"),
            event(3000, "compiled", "f"),
            event(4000, "exit", ""),
        ];
        let rows = rows(&events);
        assert_eq!(rows.len(), 1);
        let states: Vec<State> = rows[0].states.iter().map(|s| s.2).collect();
        use State::*;
        assert_eq!(states, [Interpreted, Compiling, Compiled, Interpreted, Compiling, Recompiled]);
        assert_eq!(rows[0].states.last().map(|s| s.1), Some(4.0));
        assert_eq!((rows[0].invalidations.len(), rows[0].deoptimizations.len()), (1, 1));
    }

    #[test]
    fn osr_code_lasts_until_the_target_is_invalidated() {
        let events =
            [event(500, "osr_compiled", "main"), event(900, "invalidated", "main"), event(1000, "exit", "")];
        assert_eq!(rows(&events)[0].osr, [(0.5, 0.9)]);
    }

    #[test]
    fn bad_traces_are_errors_with_their_line() {
        let err = parse("{\"t_us\":0,\"event\":\"start\"}\n{\"t_us\":1,\"event\":\"compiled\"}").unwrap_err();
        assert_eq!(err.to_string(), "line 2: a `compiled` event without a `target`");
        assert!(parse("").unwrap_err().to_string().contains("no events"));
        assert!(parse("[1, 2]").unwrap_err().to_string().starts_with("line 1: not a trace event"));
    }
}
