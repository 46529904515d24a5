//! Interpreter versus compiled code on SOM loops: `cargo bench -p bonsai-som --bench som`.
//!
//! `LoopBench.som` (next to this file) has three class-side methods: `sends` (keyword and
//! unary sends to `self`), `blocks` (closures through `inject:into:`, `do:` and `value:`) and
//! `arrays` (`at:` and `at:put:` loops). Each benchmark loads the class once through the
//! library API (class path, universe, bootstrap) and measures sends of the method to the class
//! object, once with `compilation: false` and once with the default engine options. The
//! compiled setup reads the engine's compilation trace after a warm-up and panics unless the
//! method's loop (or the method itself) was compiled and no compilation was refused, so a
//! "compiled" figure is never an interpreted run.

use bonsai::context::ExecContext;
use bonsai::engine::{Engine, EngineOptions};
use bonsai::heap::MutatorGuard;
use bonsai::value::Value;
use criterion::{criterion_group, criterion_main, Criterion};
use som::class_path::ClassPath;
use som::universe::Universe;
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

/// The benchmarks: (selector, expected result).
const METHODS: &[(&str, i64)] =
    &[("sends", 20_000_100_000), ("blocks", 100_100_000), ("arrays", 10_000_100_000)];

/// A compilation trace kept in memory, shared with the engine.
#[derive(Clone, Default)]
struct Trace(Rc<RefCell<Vec<u8>>>);

impl Write for Trace {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Trace {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// `LoopBench` loaded into a fresh universe: the engine, the universe, and the class object.
struct Loaded {
    engine: Rc<Engine>,
    universe: Rc<Universe>,
    class: Value,
}

fn load(options: EngineOptions, trace: &Trace) -> Loaded {
    let engine = bonsai_pe::engine_with_log(options, Box::new(trace.clone())).expect("engine");
    let core_lib = som::default_core_lib();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches").join("LoopBench.som");
    let (class_path, target_class) =
        ClassPath::for_target(None, target.to_str().expect("UTF-8 path"), &core_lib);
    let universe = Universe::new(class_path, Box::new(std::io::sink()), Box::new(std::io::stderr()));
    universe.bootstrap(&target_class.name, target_class.file.clone()).expect("bootstrap and LoopBench load");
    let class =
        universe.global_or_load(&target_class.name).expect("LoopBench loads").expect("LoopBench is found");
    Loaded { engine, universe, class }
}

/// Sends `selector` to the class object and answers the Integer result.
fn send(loaded: &Loaded, ctx: &ExecContext, selector: &str) -> i64 {
    let meta = loaded.universe.class_id_of(&loaded.class);
    let method = loaded.universe.lookup(meta, selector).expect("LoopBench class defines the selector");
    let (function, _) = loaded.universe.method_function(method);
    let result = function.call(ctx, &[loaded.class]).expect("the loop runs");
    match result {
        Value::Int(i) => i,
        other => panic!("{selector} answered {other:?}, not a small Integer"),
    }
}

fn benches(c: &mut Criterion) {
    let _mutator = MutatorGuard::acquire();
    for &(selector, expected) in METHODS {
        let mut group = c.benchmark_group(format!("som_{selector}"));
        group.sample_size(10).measurement_time(Duration::from_secs(3));
        for (label, compilation) in [("interpreter", false), ("compiled", true)] {
            let trace = Trace::default();
            let options = EngineOptions { compilation, trace_compilation: true, ..EngineOptions::default() };
            let loaded = load(options, &trace);
            let ctx = ExecContext::new(loaded.engine.clone());
            for _ in 0..3 {
                assert_eq!(send(&loaded, &ctx, selector), expected, "{selector} ({label})");
            }
            let log = trace.text();
            let compiled = log.lines().any(|l| {
                (l.starts_with("[bonsai] compiled ") || l.starts_with("[bonsai] osr-compiled "))
                    && l.contains(selector)
            });
            if compilation {
                assert!(compiled, "{selector}: not compiled after the warm-up; trace:\n{log}");
                let refusals = loaded.engine.refusals();
                assert!(refusals.is_empty(), "{selector}: compilations refused: {refusals:?}");
            } else {
                assert!(!compiled, "{selector}: compiled with compilation off; trace:\n{log}");
            }
            group.bench_function(label, |b| b.iter(|| send(&loaded, &ctx, selector)));
        }
        group.finish();
    }
}

criterion_group!(som_benches, benches);
criterion_main!(som_benches);
