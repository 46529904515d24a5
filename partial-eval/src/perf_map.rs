//! Symbols for profilers: with `BONSAI_PERF_MAP` set in the environment, every compiled unit
//! is listed in `/tmp/perf-PID.map`, the JIT symbol map `perf report` reads (one line per
//! unit: `START SIZE NAME`, hexadecimal, as V8's `--perf-basic-prof` and the JVM's
//! perf-map-agent write it; see `tools/perf/Documentation/jit-interface.txt` in Linux).
//! Each unit's machine code is also copied to `/tmp/bonsai-perf-PID/START.bin`, so that hot
//! addresses from `perf script` can be disassembled, e.g. with
//! `objdump -D -b binary -m i386:x86-64 --adjust-vma=0xSTART FILE`.
//!
//! Off (the default) it costs one environment lookup per process.

use crate::evaluator::UnitKind;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::OnceLock;

/// The map file, when profiling symbols were asked for.
fn map() -> Option<&'static std::sync::Mutex<File>> {
    static MAP: OnceLock<Option<std::sync::Mutex<File>>> = OnceLock::new();
    MAP.get_or_init(|| {
        std::env::var_os("BONSAI_PERF_MAP")?;
        let pid = std::process::id();
        let file = OpenOptions::new().create(true).append(true).open(format!("/tmp/perf-{pid}.map")).ok()?;
        std::fs::create_dir_all(format!("/tmp/bonsai-perf-{pid}")).ok()?;
        Some(std::sync::Mutex::new(file))
    })
    .as_ref()
}

/// Lists the unit compiled for `name` at `entry` (`size` bytes of code), when enabled.
/// Failures to write are ignored: the symbols are a profiling aid.
pub(crate) fn record(entry: *const u8, size: usize, name: &str, kind: UnitKind) {
    let Some(map) = map() else { return };
    let suffix = if kind == UnitKind::Osr { " (osr)" } else { "" };
    let start = entry as usize;
    if let Ok(mut file) = map.lock() {
        let _ = writeln!(file, "{start:x} {size:x} {name}{suffix}");
    }
    // SAFETY: `entry` starts the `size` bytes of finalized (readable) code just compiled.
    let code = unsafe { std::slice::from_raw_parts(entry, size) };
    let _ = std::fs::write(format!("/tmp/bonsai-perf-{}/{start:x}.bin", std::process::id()), code);
}
