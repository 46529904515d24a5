//! Calls across languages against calls within one: `cargo bench -p bonsai-launcher --bench
//! polyglot`. Each pair runs the same loop (2,000,000 calls of a function that adds one),
//! once calling a function of its own language and once one of the other language, compiled
//! (compilation on the first call and loop back edge, so criterion's warm-up leaves the
//! code in steady state). Issue 11 asks the cross-language loop to stay within 1.2× of the
//! same-language one, in both directions. The loops are the same: SL's calls member `inc` of
//! an object (an SL object whose property holds an SL function, or a SOM object with method
//! `inc:`), SOM's sends `value:` to what it was given (a SOM block, or an SL function).

use bonsai::engine::EngineOptions;
use bonsai::heap::MutatorGuard;
use bonsai::value::Value;
use bonsai_launcher::Context;
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

/// SOM's side: `inc:` for SL callers, a block for SOM callers, and the loop (twice, so that
/// each benchmark has call sites of its own).
const SOM: &str = "
Bench = (
    inc: x = ( ^ x + 1 )
    block = ( ^ [ :x | x + 1 ] )
    loopSom: inc = ( | sum | sum := 0. 1 to: 2000000 do: [ :i | sum := inc value: sum ]. ^ sum )
    loopSl: inc = ( | sum | sum := 0. 1 to: 2000000 do: [ :i | sum := inc value: sum ]. ^ sum )
)";

/// SL's side: `inc` for SOM callers, an object holding it for SL callers, and the loop (twice).
const SL: &str = "
function inc(x) { return x + 1; }
function holder() { o = new(); o.inc = inc; return o; }
function loopSl(o) { i = 0; sum = 0; while (i < 2000000) { sum = o.inc(sum); i = i + 1; } return sum; }
function loopSom(o) { i = 0; sum = 0; while (i < 2000000) { sum = o.inc(sum); i = i + 1; } return sum; }
";

fn context() -> Context {
    let options =
        EngineOptions { compile_threshold_calls: 1, osr_threshold_back_edges: 1, ..EngineOptions::default() };
    let engine = bonsai_pe::engine(options).expect("JIT available");
    let c = Context::new(engine, &[], Box::new(std::io::sink()), Box::new(std::io::sink()));
    c.universe.bootstrap("", None).expect("the core library loads");
    c
}

fn calls(c: &mut Criterion) {
    let _mutator = MutatorGuard::acquire();
    let ctx = context();
    let class = ctx.eval("som", SOM).expect("the SOM side compiles");
    let bench = ctx.polyglot.instantiate(&ctx.exec, &class, &[]).expect("Bench new");
    ctx.eval("sl", SL).expect("the SL side parses");
    let sl = |name: &str| Value::Function(ctx.sl.function(name));
    let holder = ctx.polyglot.execute(&ctx.exec, &sl("holder"), &[]).expect("an SL object");
    let block = ctx.polyglot.invoke_member(&ctx.exec, &bench, "block", &[]).expect("a SOM block");
    let expect = Value::Int(2_000_000);
    let check = |v: Value| assert!(v.same(&expect), "a loop computed {v:?}");

    let mut group = c.benchmark_group("polyglot");
    group.sample_size(20).measurement_time(Duration::from_secs(4));
    group.bench_function("sl_calls_sl", |b| {
        b.iter(|| check(ctx.polyglot.execute(&ctx.exec, &sl("loopSl"), &[holder]).expect("runs")))
    });
    group.bench_function("sl_calls_som", |b| {
        b.iter(|| check(ctx.polyglot.execute(&ctx.exec, &sl("loopSom"), &[bench]).expect("runs")))
    });
    group.bench_function("som_calls_som", |b| {
        b.iter(|| check(ctx.polyglot.invoke_member(&ctx.exec, &bench, "loopSom:", &[block]).expect("runs")))
    });
    group.bench_function("som_calls_sl", |b| {
        b.iter(|| {
            check(ctx.polyglot.invoke_member(&ctx.exec, &bench, "loopSl:", &[sl("inc")]).expect("runs"))
        })
    });
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
