//! Snapshots of polyglot programs: the interop caches SL and SOM call sites learn when they
//! receive the other language's values, and the IR of an SL loop that calls a SOM method,
//! inlined across the language boundary.

use bonsai_tests::{run_polyglot_with, with_snapshot_filters, Mode};
use std::path::PathBuf;

/// Writes `files` (name, text) to a scratch directory of this test and returns their paths.
fn scratch(test: &str, files: &[(&str, &str)]) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("bonsai-polyglot-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    files
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("scratch file");
            path
        })
        .collect()
}

const SL_CALLS_SOM: &str = "
function main() {
  o = new(import(\"Acc\"));
  i = 0;
  while (i < 100) { o.add(i); i = i + 1; }
  println(o.total());
}";

const ACC: &str = "
Acc = (
    | n |
    add: k = ( n := self total + k )
    total = ( ^ n ifNil: [ 0 ] )
)";

const SOM_CALLS_SL: &str = "
Loop = (
    run = (
        | inc sum |
        inc := Polyglot eval: 'sl' source: 'function main() { return inc; } function inc(x) { return x + 1; }'.
        sum := 0.
        1 to: 100 do: [ :i | sum := inc value: sum ].
        sum println
    )
)";

/// The tree of call target `name` in `dump`: its header line and the indented lines after it.
fn tree_of(dump: &str, name: &str) -> String {
    let mut lines = dump.lines().skip_while(|l| !l.starts_with(&format!("{name} (calls")));
    let header = lines.next().unwrap_or_else(|| panic!("no tree of {name} in\n{dump}"));
    let body = lines.take_while(|l| l.starts_with(' '));
    std::iter::once(header).chain(body).collect::<Vec<_>>().join("\n")
}

/// The trees after running `files` in the interpreter (output first).
fn trees(files: &[PathBuf]) -> String {
    let (r, _) = run_polyglot_with(files, Mode::Interpreter, |_| {}, true);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.diagnostics);
    format!("--- output\n{}--- trees\n{}", r.stdout, r.diagnostics)
}

#[test]
fn tree_interop_caches_of_sl_sites_that_call_som_objects() {
    let files = scratch("sl-trees", &[("main.sl", SL_CALLS_SOM), ("Acc.som", ACC)]);
    let dump = trees(&files);
    // The member read caches the SOM instance's shape, the call the bound member's.
    assert!(dump.contains("ReadProperty \"add\" [monomorphic foreign som"), "{dump}");
    assert!(dump.contains("monomorphic foreign som {receiver} -> Acc>>add:]"), "{dump}");
    insta::assert_snapshot!(tree_of(&dump, "main"));
}

#[test]
fn tree_function_cache_of_a_som_send_to_an_sl_function() {
    let files = scratch("som-trees", &[("Loop.som", SOM_CALLS_SL)]);
    let dump = trees(&files);
    assert!(dump.contains("Send #value: [objects: uninitialized; others: monomorphic ForeignObject>>value:; functions: monomorphic inc]"), "{dump}");
    insta::assert_snapshot!(tree_of(&dump, "Loop>>run"));
}

#[test]
fn ir_of_an_sl_loop_calling_a_som_method_inlined() {
    let files = scratch("sl-ir", &[("main.sl", SL_CALLS_SOM), ("Acc.som", ACC)]);
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.dump_ir = true;
        o.compile_threshold_calls = 1000;
        o.osr_threshold_back_edges = 50;
    };
    let (r, log) = run_polyglot_with(&files, Mode::Eager, configure, false);
    assert_eq!((r.status, r.stdout.as_str()), (0, "4950\n"), "{}", r.diagnostics);
    // The loop is compiled by OSR with the SOM method inlined, and never deoptimizes.
    let osr = log.lines().find(|l| l.starts_with("[bonsai] osr-compiled main")).unwrap_or_default();
    assert!(osr.contains("inlined Acc>>add: Acc>>total"), "{log}");
    assert!(!log.contains("deoptimized"), "{log}");
    let unit = log
        .split("[bonsai] IR of ")
        .find(|u| u.starts_with("main (osr-compiled)"))
        .unwrap_or_else(|| panic!("no OSR unit of main in\n{log}"));
    // No call but in cold blocks (deoptimization and overflow exits): the member read, the
    // bound member it makes and the send are gone, and so is every boundary.
    let mut block = "";
    for line in unit.lines() {
        if line.starts_with("block") {
            block = line;
        } else if line.contains(" call") && line.contains(" = call") {
            assert!(block.contains("cold"), "a call outside a cold block, in {block}: {line}\n{unit}");
        }
    }
    with_snapshot_filters(|| insta::assert_snapshot!(unit));
}

#[test]
fn a_call_site_that_meets_both_languages_learns_both() {
    // `loop` runs on SL objects first, then on SOM objects: its member read and call learn the
    // SOM shapes once (a deoptimization each, at most) and then run compiled with both; they
    // used to deoptimize on every OSR entry, the function cache's miss hiding the foreign one.
    let sl = "
function inc(x) { return x + 1; }
function holder() { o = new(); o.inc = inc; return o; }
function loop(o) { i = 0; sum = 0; while (i < 1000) { sum = o.inc(sum); i = i + 1; } return sum; }
function main() {
  h = holder(); b = new(import(\"Bench\"));
  j = 0; while (j < 20) { loop(h); loop(b); j = j + 1; }
  println(loop(b));
}";
    let som = "Bench = ( inc: x = ( ^ x + 1 ) )";
    let files = scratch("polymorphic", &[("main.sl", sl), ("Bench.som", som)]);
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.compile_threshold_calls = 1000;
        o.osr_threshold_back_edges = 100;
    };
    let (r, log) = run_polyglot_with(&files, Mode::Eager, configure, false);
    assert_eq!((r.status, r.stdout.as_str()), (0, "1000\n"), "{}", r.diagnostics);
    let deopts = log.lines().filter(|l| l.starts_with("[bonsai] deoptimized loop")).count();
    assert!(deopts <= 2, "{deopts} deoptimizations:\n{log}");
    assert!(!log.contains("refused"), "{log}");
}
