//! The object model under load: `cargo bench -p bonsai-sl --bench object_model`.
//!
//! Adding properties (named ones, which go through shape transitions into dictionary mode,
//! and array-index ones, which become elements), element reads and writes in a compiled
//! loop next to the same loop over a named property and over plain integers, and a
//! megamorphic property read. Each benchmark calls `setup()` once and measures calls of
//! `bench(state)`; the engine compiles on the first call and the first loop back edge.

use bonsai::engine::EngineOptions;
use bonsai::heap::MutatorGuard;
use bonsai::value::Value;
use criterion::{criterion_group, criterion_main, Criterion};
use sl::launcher::Session;
use std::time::Duration;

const PROGRAMS: &[(&str, &str)] = &[
    (
        "add_named_properties_1e3",
        "function setup() { return 1000; }
         function bench(n) { o = new(); i = 0; while (i < n) { o[\"p\" + i] = i; i = i + 1; } return o; }",
    ),
    (
        "add_elements_1e5",
        "function setup() { return 100000; }
         function bench(n) { o = new(); i = 0; while (i < n) { o[i] = i; i = i + 1; } return o; }",
    ),
    (
        "sum_named_property_1e6",
        "function setup() { o = new(); o.x = 1; return o; }
         function bench(o) { i = 0; s = 0; while (i < 1000000) { s = s + o.x; i = i + 1; } return s; }",
    ),
    (
        "sum_constant_index_1e6",
        "function setup() { o = new(); o[0] = 0; o[1] = 1; o[2] = 2; o[3] = 3; return o; }
         function bench(o) { i = 0; s = 0; while (i < 1000000) { s = s + o[3]; i = i + 1; } return s; }",
    ),
    (
        "sum_integers_1e6",
        "function setup() { return 0; }
         function bench(o) { i = 0; s = 0; while (i < 1000000) { s = s + i; i = i + 1; } return s; }",
    ),
    (
        "sum_elements_1e6",
        "function setup() { o = new(); i = 0; while (i < 1000000) { o[i] = i; i = i + 1; } return o; }
         function bench(o) { i = 0; s = 0; while (i < 1000000) { s = s + o[i]; i = i + 1; } return s; }",
    ),
    (
        "increment_elements_1e6",
        "function setup() { o = new(); i = 0; while (i < 1000000) { o[i] = i; i = i + 1; } return o; }
         function bench(o) { i = 0; while (i < 1000000) { o[i] = o[i] + 1; i = i + 1; } return o; }",
    ),
    (
        "megamorphic_read_1e5",
        "function make(i) {
           o = new();
           if (i == 1) { o.a = 1; } if (i == 2) { o.b = 1; } if (i == 3) { o.c = 1; }
           if (i == 4) { o.d = 1; } if (i == 5) { o.e = 1; } if (i == 6) { o.f = 1; }
           o.x = i; return o;
         }
         function setup() { s = new(); i = 0; while (i < 8) { s[i] = make(i); i = i + 1; } return s; }
         function bench(s) { i = 0; t = 0; while (i < 100000) { t = t + s[i - i / 8 * 8].x; i = i + 1; } return t; }",
    ),
];

fn benches(c: &mut Criterion) {
    let _mutator = MutatorGuard::acquire();
    for (name, text) in PROGRAMS {
        let mut group = c.benchmark_group(*name);
        group.sample_size(10).measurement_time(Duration::from_secs(4));
        let options = EngineOptions {
            compile_threshold_calls: 1,
            osr_threshold_back_edges: 1,
            ..EngineOptions::default()
        };
        let engine = bonsai_pe::engine(options).expect("JIT available");
        let s = Session::new(engine, Box::new(std::io::sink()));
        s.load("bench.sl", text).expect("benchmark program parses");
        let state: Value = s.call("setup", &[]).expect("setup runs");
        group.bench_function("compiled", |b| b.iter(|| s.call("bench", &[state]).expect("bench runs")));
        group.finish();
    }
}

criterion_group!(object_model_benches, benches);
criterion_main!(object_model_benches);
