//! Warm-up plots from `benchmarks/run.py --warmup FILE`.
//!
//! The file is one JSON object:
//!
//! ```json
//! {"format": "bonsai-warmup", "version": 1,
//!  "benchmarks": [{"name": "richards", "n": 100,
//!                  "runtimes": [{"runtime": "sl", "label": "SL", "iterations_us": [5123.0, 4410.5]}]}]}
//! ```
//!
//! `iterations_us` holds the time of each iteration of the benchmark's body, in
//! microseconds, as the program's harness measured it. [`render`] draws one benchmark:
//! iteration time (log scale) against iteration number for every runtime on the same axes,
//! and each runtime's steady-state median ([`steady_state_median`]) as a dashed line over
//! the iterations it is taken from.

use crate::{shorten, ReportError};
use plotters::prelude::*;
use serde::Deserialize;

/// The runner's file.
#[derive(Debug, Clone, Deserialize)]
pub struct WarmupData {
    /// The benchmarks, in the order run.
    pub benchmarks: Vec<Benchmark>,
}

/// One benchmark in every runtime.
#[derive(Debug, Clone, Deserialize)]
pub struct Benchmark {
    /// The benchmark's name (`richards`).
    pub name: String,
    /// Iterations per run.
    #[serde(default)]
    pub n: Option<u64>,
    /// One run per runtime.
    pub runtimes: Vec<RuntimeRun>,
}

/// One runtime's iterations of a benchmark.
#[derive(Debug, Clone, Deserialize)]
pub struct RuntimeRun {
    /// The runtime's key (`sl`, `luajit`), which picks its color.
    pub runtime: String,
    /// The runtime's name in the legend (`LuaJIT`).
    pub label: String,
    /// Each iteration's time in microseconds, in order.
    pub iterations_us: Vec<f64>,
}

/// Reads and checks the runner's file: every benchmark has runtimes, every runtime
/// iterations, every time is finite and not negative.
pub fn parse(text: &str) -> Result<WarmupData, ReportError> {
    let input = |message: String| ReportError::Input { line: None, message };
    let data: WarmupData = serde_json::from_str(text)
        .map_err(|e| input(format!("not a warm-up file of benchmarks/run.py: {e}")))?;
    if data.benchmarks.is_empty() {
        return Err(input("the file has no benchmarks".to_string()));
    }
    for b in &data.benchmarks {
        if b.runtimes.is_empty() {
            return Err(input(format!("benchmark {}: no runtimes", b.name)));
        }
        for r in &b.runtimes {
            if r.iterations_us.is_empty() {
                return Err(input(format!("benchmark {}, {}: no iterations", b.name, r.label)));
            }
            if let Some(t) = r.iterations_us.iter().find(|t| !t.is_finite() || **t < 0.0) {
                return Err(input(format!("benchmark {}, {}: iteration time {t} µs", b.name, r.label)));
            }
        }
    }
    Ok(data)
}

/// The steady-state median: the median of the second half of the iterations (all of them
/// when there are fewer than 4). Also returns the index the half starts at.
pub fn steady_state_median(iterations_us: &[f64]) -> (f64, usize) {
    let from = if iterations_us.len() < 4 { 0 } else { iterations_us.len() / 2 };
    (median(&iterations_us[from..]), from)
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Points plotted per runtime at most: longer runs are plotted as the medians of buckets of
/// consecutive iterations.
pub const MAX_POINTS: usize = 1000;

/// The color of a runtime by its key.
fn color(runtime: &str, index: usize) -> RGBColor {
    match runtime {
        "sl" => RGBColor(0xd6, 0x27, 0x28),
        "som" => RGBColor(0x94, 0x67, 0xbd),
        "luajit" => RGBColor(0x1f, 0x77, 0xb4),
        "lua5.4" => RGBColor(0x2c, 0xa0, 0x2c),
        "node" => RGBColor(0xff, 0x7f, 0x0e),
        _ => [RGBColor(0x8c, 0x56, 0x4b), RGBColor(0x7f, 0x7f, 0x7f), RGBColor(0x17, 0xbe, 0xcf)][index % 3],
    }
}

/// Draws `bench` as an SVG document (see the [module docs](self)). Times of 0 µs (below a
/// clock's resolution) are drawn at the smallest time measured, since the axis is
/// logarithmic.
pub fn render(bench: &Benchmark) -> Result<String, ReportError> {
    let floor = bench
        .runtimes
        .iter()
        .flat_map(|r| r.iterations_us.iter().copied())
        .filter(|t| *t > 0.0)
        .fold(f64::INFINITY, f64::min);
    let floor = if floor.is_finite() { floor } else { 1.0 };
    let max = bench.runtimes.iter().flat_map(|r| r.iterations_us.iter().copied()).fold(floor, f64::max);
    let n = bench.runtimes.iter().map(|r| r.iterations_us.len()).max().unwrap_or(1);
    let bucket = n.div_ceil(MAX_POINTS).max(1);
    let (lo, hi) = (floor / 1.6 / 1000.0, max * 1.6 / 1000.0);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 560)).into_drawing_area();
        root.fill(&WHITE)?;
        let size = bench.n.map(|n| format!(", {n} iterations")).unwrap_or_default();
        let sampled = if bucket > 1 {
            format!(" (each point the median of {bucket} iterations)")
        } else {
            String::new()
        };
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("Warm-up: {}{size}", shorten(&bench.name, 60)), ("sans-serif", 20))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(1f64..(n as f64).max(2.0), (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .x_desc(format!("iteration{sampled}"))
            .y_desc("iteration time (ms, log scale)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format_ms(*y))
            .light_line_style(BLACK.mix(0.06))
            .draw()?;
        for (i, run) in bench.runtimes.iter().enumerate() {
            let c = color(&run.runtime, i);
            let points: Vec<(f64, f64)> = run
                .iterations_us
                .chunks(bucket)
                .enumerate()
                .map(|(k, chunk)| {
                    let x = (k * bucket) as f64 + (chunk.len() as f64 + 1.0) / 2.0;
                    (x, median(chunk).max(floor) / 1000.0)
                })
                .collect();
            let (steady, _) = steady_state_median(&run.iterations_us);
            let steady_ms = steady.max(floor) / 1000.0;
            chart
                .draw_series(LineSeries::new(points, c.stroke_width(1)))?
                .label(format!("{} — steady state {} ms", run.label, format_ms(steady_ms)))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        }
        // The medians over every runtime's line, each on a white halo.
        for (i, run) in bench.runtimes.iter().enumerate() {
            let c = color(&run.runtime, i);
            let (steady, from) = steady_state_median(&run.iterations_us);
            let steady_ms = steady.max(floor) / 1000.0;
            let span = vec![((from + 1) as f64, steady_ms), (run.iterations_us.len() as f64, steady_ms)];
            chart.draw_series(LineSeries::new(span.clone(), WHITE.stroke_width(6)))?;
            chart.draw_series(DashedLineSeries::new(span, 8, 5, c.stroke_width(3)))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 13))
            .draw()?;
        root.draw_text(
            "dashed: the steady-state median (median of the second half of the iterations)",
            &("sans-serif", 12).into_font().color(&BLACK.mix(0.7)),
            (80, 540),
        )?;
        root.present()?;
    }
    Ok(svg)
}

/// `t` milliseconds with about three significant digits.
fn format_ms(t: f64) -> String {
    if t >= 100.0 {
        format!("{t:.0}")
    } else if t >= 10.0 {
        format!("{t:.1}")
    } else if t >= 1.0 {
        format!("{t:.2}")
    } else if t >= 0.01 {
        format!("{t:.3}")
    } else {
        format!("{t:.1e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steady_state_is_the_second_half() {
        assert_eq!(steady_state_median(&[100.0, 50.0, 10.0, 12.0, 11.0, 9.0]), (11.0, 3));
        assert_eq!(steady_state_median(&[5.0, 3.0]), (4.0, 0));
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(parse("{").unwrap_err().to_string().starts_with("not a warm-up file"));
        assert!(parse(r#"{"benchmarks": []}"#).unwrap_err().to_string().contains("no benchmarks"));
        let no_iterations = r#"{"benchmarks": [{"name": "b", "runtimes": [{"runtime": "sl", "label": "SL", "iterations_us": []}]}]}"#;
        assert_eq!(parse(no_iterations).unwrap_err().to_string(), "benchmark b, SL: no iterations");
    }

    #[test]
    fn a_plot_names_every_runtime() {
        let data = parse(
            r#"{"benchmarks": [{"name": "richards", "n": 3, "runtimes": [
                {"runtime": "sl", "label": "SL", "iterations_us": [9000, 3000, 2900]},
                {"runtime": "luajit", "label": "LuaJIT", "iterations_us": [2500, 2400, 0]}]}]}"#,
        )
        .unwrap();
        let svg = render(&data.benchmarks[0]).unwrap();
        assert!(svg.contains("SL — steady state") && svg.contains("LuaJIT — steady state"), "{svg}");
    }
}
