//! Deoptimization seen from outside: the events of known programs (`--trace-compilation`
//! lines `[bonsai] deoptimized <unit>: <reason>`), and that the interpreter resumes each
//! activation where its compiled code left, with the output of a run that never compiled.

use bonsai_tests::{run_sl, run_sl_with, Mode};

/// Runs `program` traced in `mode` (with `configure`); checks its output against the
/// interpreter's and returns the trace's deoptimization lines.
fn deopts(
    program: &str,
    mode: Mode,
    configure: impl FnOnce(&mut bonsai::engine::EngineOptions) + Send + 'static,
) -> Vec<String> {
    let reference = run_sl("deopt.sl", program, "", Mode::Interpreter);
    let run = run_sl_with(
        "deopt.sl",
        program,
        "",
        mode,
        move |o| {
            o.trace_compilation = true;
            configure(o);
        },
        false,
    );
    assert_eq!(
        (run.stdout.as_str(), run.status),
        (reference.stdout.as_str(), reference.status),
        "{}",
        run.diagnostics
    );
    run.diagnostics.lines().filter(|l| l.starts_with("[bonsai] deoptimized ")).map(str::to_string).collect()
}

#[test]
fn a_type_the_code_did_not_speculate_on_deoptimizes_at_the_node() {
    // `add` is compiled after 3 calls with integers; the string call leaves its code at the
    // `+`, whose slow path then specializes for strings in the interpreter.
    let program = "
function add(a, b) { return a + b; }
function main() {
  println(add(1, 2)); println(add(3, 4)); println(add(5, 6)); println(add(7, 8));
  println(add(\"x\", 1));
  println(add(9, 10));
}";
    let events = deopts(program, Mode::Eager, |o| o.compile_threshold_calls = 3);
    assert_eq!(events, ["[bonsai] deoptimized add: ArithmeticNode: Long"]);
}

#[test]
fn a_deoptimization_inside_an_inlined_callee_resumes_both_frames() {
    // `step` is inlined into `run`'s loop; when the property it gets is a string, its `+`
    // fails its speculation inside the inlined body: the interpreter resumes `step`'s frame
    // as a call, then `run`'s loop.
    let program = "
function step(x) { return x + 1; }
function run(n, o) {
  i = 0; s = \"\";
  while (i < n) { s = s + step(o.v); i = i + 1; }
  return s;
}
function main() {
  o = new(); o.v = 1;
  println(run(3, o));
  println(run(3, o));
  o.v = \"s\";
  println(run(3, o));
}";
    let events = deopts(program, Mode::Eager, |o| {
        o.compile_threshold_calls = 2;
        o.osr_threshold_back_edges = 1_000_000;
    });
    assert!(
        events.iter().any(|e| e == "[bonsai] deoptimized run: ArithmeticNode: Long"),
        "no deoptimization of run at the inlined +: {events:?}"
    );
}

#[test]
fn a_loop_compiled_by_osr_deoptimizes_and_the_interpreter_finishes_it() {
    // At i = 3000 the sum becomes a string: the OSR code leaves at the `+`.
    let program = "
function main() {
  i = 0; s = 0;
  while (i < 5000) {
    if (i == 3000) { s = \"s\"; }
    s = s + 1;
    i = i + 1;
  }
  println(s);
}";
    let events = deopts(program, Mode::Osr, |o| o.osr_threshold_back_edges = 100);
    assert!(events.iter().any(|e| e.starts_with("[bonsai] deoptimized main: ")), "{events:?}");
}

#[test]
fn invalidated_code_leaves_a_running_loop_at_its_next_iteration() {
    // `inc` is inlined into main's OSR-compiled loop; `other` (too large to inline) calls
    // `inc` with a string, which rewrites `inc` and so invalidates the loop's code while it
    // runs: the loop leaves at its next header.
    let program = "
function inc(x) { return x + 1; }
function other(k) {
  a = 1; b = 2; c = 3; d = 4; e = 5;
  if (k + a + b + c + d + e > 1000) { println(inc(\"a\")); }
}
function main() {
  i = 0; s = 0;
  while (i < 3000) {
    s = s + inc(i);
    if (i == 10 || i == 2000) { other(i); }
    i = i + 1;
  }
  println(s);
}";
    let events = deopts(program, Mode::Osr, |o| {
        o.osr_threshold_back_edges = 100;
        o.max_inline_nodes = 8;
    });
    assert!(
        events.iter().any(|e| e == "[bonsai] deoptimized main: code invalidated while running a loop"),
        "{events:?}"
    );
}

#[test]
fn a_local_that_stops_being_an_integer_generalizes_its_kind() {
    // `x` is pinned as an integer in the compiled loop; the string write deoptimizes there
    // and generalizes the slot, so the recompiled loop does not speculate on it again.
    let program = "
function f(n) {
  i = 0; x = 0;
  while (i < n) { x = x + 1; if (i == 150) { x = \"x\"; } i = i + 1; }
  return x;
}
function main() { println(f(100)); println(f(100)); println(f(200)); println(f(200)); }";
    let events = deopts(program, Mode::Eager, |o| {
        o.compile_threshold_calls = 2;
        o.osr_threshold_back_edges = 1_000_000;
    });
    let generalized: Vec<&String> =
        events.iter().filter(|e| e.contains("local x ($2) is not an Int")).collect();
    assert_eq!(generalized.len(), 1, "{events:?}");
}

#[test]
fn stale_activations_of_a_deep_recursion_do_not_discard_its_recompiled_code() {
    // Compiled on its first call, `fib`'s `+` is still uninitialized in the code every level
    // of the recursion runs; as those activations return, each deoptimizes at it. Only the
    // first transfer from the current code invalidates it: the older activations' transfers
    // leave the recompiled code alone, so `fib` is compiled a few times, not until the
    // recompilation bound leaves it interpreted.
    let program = "
function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
function main() { i = 0; while (i < 20) { fib(15); i = i + 1; } println(fib(15)); }";
    let run = run_sl_with("fib.sl", program, "", Mode::Eager, |o| o.trace_compilation = true, false);
    assert_eq!(run.stdout, "610\n", "{}", run.diagnostics);
    let compiles = run.diagnostics.lines().filter(|l| l.starts_with("[bonsai] compiled fib:")).count();
    let stale =
        run.diagnostics.lines().filter(|l| l.starts_with("[bonsai] deoptimized fib: ArithmeticNode")).count();
    assert!(stale > 5, "the recursion's stale activations deoptimize:\n{}", run.diagnostics);
    assert!(compiles <= 5, "fib compiled {compiles} times:\n{}", run.diagnostics);
}

#[test]
fn deoptimization_stress_deoptimizes_and_keeps_the_output() {
    // The mode every corpus also runs in: guards fail on their 3rd, 6th, 12th … evaluation,
    // so a loop of speculations deoptimizes many times, each resumed by the interpreter.
    let program = "
function add(a, b) { return a + b; }
function main() {
  i = 0; s = 0; o = new(); o.x = 1;
  while (i < 200) { s = add(s, o.x) + i; i = i + 1; }
  println(s);
}";
    let events = deopts(program, Mode::DeoptStress, |_| {});
    assert!(
        events.len() >= 5,
        "deoptimization stress left compiled code only {} times: {events:?}",
        events.len()
    );
}

#[test]
fn a_deoptimization_materializes_the_virtual_objects_the_frame_holds() {
    // `p` is virtual in `fill`'s compiled code (allocation removal): the overflow of `p.x * 2`
    // on the last call deoptimizes between the writes of `p.y` and `p.z`, so the interpreter
    // must find `p` allocated with the slots written so far, `q.p` pointing at it, and go on
    // with the big-integer product.
    let program = "
function fill(x) {
  p = new(); p.x = x; q = new(); q.p = p;
  p.y = p.x + 1; p.z = p.x * 2;
  return q.p.x + q.p.y + q.p.z;
}
function main() {
  i = 0; s = 0;
  while (i < 10) { s = s + fill(i); i = i + 1; }
  println(s);
  println(fill(4611686018427387904));
}";
    let events = deopts(program, Mode::Eager, |o| {
        o.compile_threshold_calls = 3;
        o.osr_threshold_back_edges = 1_000; // `fill` is called, not inlined into an OSR loop
    });
    assert_eq!(events, ["[bonsai] deoptimized fill: ArithmeticNode: Long"]);
}
