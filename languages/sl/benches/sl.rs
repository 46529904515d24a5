//! Interpreter versus compiled code on SL programs: `cargo bench -p bonsai-sl --bench sl`.
//!
//! Each benchmark loads a program once and measures calls of its `bench` function. The
//! compiled engine compiles on the first call and the first loop back edge, so criterion's
//! warm-up leaves it in steady state.

use bonsai::engine::EngineOptions;
use bonsai::heap::MutatorGuard;
use criterion::{criterion_group, criterion_main, Criterion};
use sl::launcher::Session;
use std::time::Duration;

const FIB: &str = "
function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
function bench() { return fib(25); }
";

const LOOP: &str = "
function bench() {
  i = 0; sum = 0;
  while (i < 1000000) { sum = sum + i * 3 - i / 2; i = i + 1; }
  return sum;
}
";

const OBJECTS: &str = "
function bench() {
  i = 0; sum = 0;
  while (i < 100000) {
    p = new(); p.x = i; p.y = i * 2;
    q = new(); q.x = p.y; q.y = p.x; q.next = p;
    sum = sum + q.next.x + q.x - q.y;
    i = i + 1;
  }
  return sum;
}
";

const CALLS_THROUGH_VALUES: &str = "
function inc(x) { return x + 1; }
function twice(f, x) { return f(f(x)); }
function bench() {
  i = 0; sum = 0; g = inc;
  while (i < 300000) { sum = sum + twice(g, i); i = i + 1; }
  return sum;
}
";

fn session(compiled: bool, text: &str) -> Session {
    let options = if compiled {
        EngineOptions { compile_threshold_calls: 1, osr_threshold_back_edges: 1, ..EngineOptions::default() }
    } else {
        EngineOptions { compilation: false, ..EngineOptions::default() }
    };
    let engine = bonsai_pe::engine(options).expect("JIT available");
    let s = Session::new(engine, Box::new(std::io::sink()));
    s.load("bench.sl", text).expect("benchmark program parses");
    s
}

fn bench_program(c: &mut Criterion, name: &str, text: &str) {
    let _mutator = MutatorGuard::acquire();
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for (label, compiled) in [("interpreter", false), ("compiled", true)] {
        let s = session(compiled, text);
        group.bench_function(label, |b| b.iter(|| s.call("bench", &[]).expect("bench runs")));
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_program(c, "fib25", FIB);
    bench_program(c, "counting_loop_1e6", LOOP);
    bench_program(c, "objects_1e5", OBJECTS);
    bench_program(c, "calls_through_values_3e5", CALLS_THROUGH_VALUES);
}

criterion_group!(sl_benches, benches);
criterion_main!(sl_benches);
