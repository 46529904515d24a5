//! Snapshots of SOM's specialized trees and of their compiled IR (reviewed with `cargo insta
//! review`): sends going monomorphic → polymorphic → megamorphic, inlined `ifTrue:ifFalse:`,
//! `whileTrue:` and `to:do:`, a block with a non-local return, and a Double loop.

use bonsai_tests::{run_som_with, with_snapshot_filters, workspace_root, Mode};

/// Writes `program` as `<class>.som` in a scratch directory and returns the file's path.
fn write(class: &str, program: &str) -> String {
    let dir = std::env::temp_dir().join(format!("bonsai-som-snapshots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(format!("{class}.som"));
    std::fs::write(&path, program).expect("class file written");
    path.to_string_lossy().into_owned()
}

/// The project's core library, as an absolute path (tests run in their crate's directory).
fn core_lib() -> String {
    workspace_root().join("languages/som/core-lib").to_string_lossy().into_owned()
}

/// The lines of `dump` that belong to the methods of `class` (each method's dump starts at a
/// line `Class>>selector …` and goes on with indented lines): the core library's methods,
/// which bootstrap runs, are left out.
fn methods_of(class: &str, dump: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in dump.lines() {
        if !line.starts_with(' ') {
            inside = line.starts_with(&format!("{class}>>")) || line.starts_with(&format!("{class} class>>"));
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The output and the trees of `class`'s methods after running it in the interpreter.
fn trees(class: &str, program: &str) -> String {
    let path = write(class, program);
    let (r, _) = run_som_with(&core_lib(), &path, &[], Mode::Interpreter, |_| {}, true);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.diagnostics);
    format!("--- output (status {})\n{}--- trees\n{}", r.status, r.stdout, methods_of(class, &r.diagnostics))
}

/// The IR of the units of `class` compiled once warm (3 calls, 50 back edges).
fn ir(class: &str, program: &str) -> String {
    let path = write(class, program);
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.dump_ir = true;
        o.compile_threshold_calls = 3;
        o.osr_threshold_back_edges = 50;
    };
    let (r, log) = run_som_with(&core_lib(), &path, &[], Mode::Eager, configure, false);
    assert_eq!(r.status, 0, "{}{}", r.stdout, r.diagnostics);
    // Each unit's IR starts at `[bonsai] IR of NAME (…):` and runs to the next `[bonsai]` line.
    let mut out = String::new();
    let mut inside = false;
    for line in log.lines() {
        if line.starts_with("[bonsai]") {
            inside = line.starts_with(&format!("[bonsai] IR of {class}>>"));
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    format!("--- output\n{}--- IR\n{out}", r.stdout)
}

/// Runs `program` (class `class`) with eager-mode checks, methods compiled after `calls`
/// calls and loops never compiled on their own (no OSR), tracing compilations: the run and
/// the trace.
fn traced(class: &str, program: &str, calls: u32) -> (bonsai_tests::RunResult, String) {
    let path = write(class, program);
    let configure = move |o: &mut bonsai::engine::EngineOptions| {
        o.trace_compilation = true;
        o.compile_threshold_calls = calls;
        o.osr_threshold_back_edges = 1_000_000;
    };
    run_som_with(&core_lib(), &path, &[], Mode::Eager, configure, false)
}

/// Of `ir`'s text: the program's output section and the IR of the one unit whose header starts
/// with `header` (e.g. `[bonsai] IR of Sum>>sum: (compiled)`), up to the next unit's.
fn one_unit<'a>(all: &'a str, header: &str) -> (&'a str, &'a str) {
    let start = all.find(header).unwrap_or_else(|| panic!("no unit {header}:\n{all}"));
    let end = all[start + 1..].find("[bonsai] IR of").map_or(all.len(), |e| start + 1 + e);
    (&all[..all.find("--- IR").expect("an IR section")], &all[start..end])
}

#[test]
fn tree_a_send_goes_monomorphic_polymorphic_megamorphic() {
    // `show:` sees one receiver class, `twoKinds:` two, `everyKind:` nine: two kinds of objects
    // (keyed by shape) and seven of other values (keyed by tag: past the six entries of a
    // cache, megamorphic).
    let program = "Sends = (
    show: x = ( ^ x asString )
    twoKinds: x = ( ^ x asString )
    everyKind: x = ( ^ x asString )
    run = (
        (self show: 1) println. (self show: 2) println.
        (self twoKinds: 1) println. (self twoKinds: 'two') println.
        self receivers do: [ :x | (self everyKind: x) println ]
    )
    receivers = (
        | a |
        a := Array new: 9.
        a at: 1 put: 1. a at: 2 put: 2.5. a at: 3 put: 'a'. a at: 4 put: #b.
        a at: 5 put: nil. a at: 6 put: true. a at: 7 put: false. a at: 8 put: Object new.
        a at: 9 put: (1 << 70).
        ^ a
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(trees("Sends", program)));
}

#[test]
fn tree_inlined_control_structures() {
    let program = "Inlined = (
    classify: n = ( ^ n < 0 ifTrue: [ #negative ] ifFalse: [ #positive ] )
    run = (
        | i sum |
        i := 0. sum := 0.
        [ i < 10 ] whileTrue: [ i := i + 1. sum := sum + i ].
        1 to: 5 do: [ :k | sum := sum + k ].
        sum println.
        (self classify: -3) println.
        (self classify: 4) println
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(trees("Inlined", program)));
}

#[test]
fn tree_a_block_with_a_non_local_return() {
    let program = "Detect = (
    firstOver: limit in: array = (
        array do: [ :x | x > limit ifTrue: [ ^ x ] ].
        ^ nil )
    run = (
        (self firstOver: 2 in: #(1 2 3 4)) println.
        (self firstOver: 9 in: #(1 2 3 4)) println
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(trees("Detect", program)));
}

#[test]
fn ir_of_a_monomorphic_send_in_a_loop() {
    let program = "Loop = (
    double: x = ( ^ x + x )
    run = (
        | sum |
        sum := 0.
        1 to: 200 do: [ :i | sum := sum + (self double: i) ].
        sum println
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(ir("Loop", program)));
}

#[test]
fn ir_of_a_double_loop() {
    let program = "Doubles = (
    run = (
        | sum |
        sum := 0.0.
        1 to: 200 do: [ :i | sum := sum + (i * 0.5) ].
        sum println
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(ir("Doubles", program)));
}

#[test]
fn tree_block_sends_cache_the_blocks_functions() {
    // `apply:to:` sends `value:` to two different blocks: the send caches the block class's
    // `value:` primitive once (keyed on the block shape) and, under it, each block's own
    // function, which it calls directly.
    let program = "Blocks = (
    apply: block to: x = ( ^ block value: x )
    run = (
        (self apply: [ :x | x + 1 ] to: 1) println.
        (self apply: [ :x | x * 10 ] to: 2) println
    )
)";
    with_snapshot_filters(|| insta::assert_snapshot!(trees("Blocks", program)));
}

/// `sum:` makes a block that captures `s` and passes it to `Array>>do:`.
const SUMMING: &str = "Summing = (
    sum: a = ( | s | s := 0. a do: [ :e | s := s + e ]. ^ s )
    run = ( | a t | a := Array new: 3 withAll: 2. t := 0. 1 to: 10 do: [ :i | t := t + (self sum: a) ]. t println )
)";

#[test]
fn a_block_passed_to_a_library_method_is_inlined_with_it() {
    // `sum:` makes a block and passes it to `Array>>do:`, whose send of `value:` caches the
    // block's function: the compiled `sum:` inlines `do:` and, through that send, the block.
    let path = write("Summing", SUMMING);
    let configure = |o: &mut bonsai::engine::EngineOptions| {
        o.trace_compilation = true;
        o.compile_threshold_calls = 3;
    };
    let (r, log) = run_som_with(&core_lib(), &path, &[], Mode::Eager, configure, false);
    assert_eq!((r.stdout.as_str(), r.status), ("60\n", 0), "{}", r.diagnostics);
    // The unit is `sum:` itself, or `run`'s loop (OSR) with `sum:` inlined.
    let inlines_the_block = |l: &&str| {
        (l.starts_with("[bonsai] compiled Summing>>") || l.starts_with("[bonsai] osr-compiled Summing>>"))
            && l.split("inlined ")
                .nth(1)
                .is_some_and(|i| i.contains("Array>>do:") && i.contains("Summing>>sum: [block 1]"))
    };
    assert!(log.lines().any(|l| inlines_the_block(&l)), "no unit inlined do: and the block: {log}");
}

#[test]
fn ir_of_a_non_local_return_inlined_into_its_home() {
    // `classify:` passes a block with `^` to `with:do:`; compiled, `classify:` inlines
    // `with:do:` and the block, and the block's `^ #four` is a jump to the end of `classify:`:
    // its marker and the block stay virtual, no boundary starts a transfer (the checks that
    // take one are on the error paths of the calls that remain, cold).
    let program = "Early = (
    with: x do: block = ( block value: x. ^ #done )
    classify: x = ( self with: x do: [ :y | y = 4 ifTrue: [ ^ #four ] ]. ^ #other )
    run = ( 1 to: 6 do: [ :i | (self classify: i) println ] )
)";
    let all = ir("Early", program);
    // Only `classify:`'s unit (`with:do:` is compiled on its own too).
    let (output, unit) = one_unit(&all, "[bonsai] IR of Early>>classify:");
    with_snapshot_filters(|| insta::assert_snapshot!(format!("{output}--- IR\n{unit}")));
}

#[test]
fn a_non_local_return_out_of_an_inlined_loop_stays_in_compiled_code() {
    // `find:in:`'s block returns from inside `Array>>do:`'s loop, inlined into `find:in:`:
    // the transfer is a compare of the block's home marker with `find:in:`'s and a jump.
    // Thousands of returns, and no activation leaves compiled code for the interpreter.
    let program = "Find = (
    find: x in: a = ( a do: [ :e | e = x ifTrue: [ ^ true ] ]. ^ false )
    run = (
        | a count |
        a := Array new: 20.
        1 to: 20 do: [ :i | a at: i put: i ].
        count := 0.
        1 to: 5000 do: [ :k | (self find: k % 30 in: a) ifTrue: [ count := count + 1 ] ].
        count println )
)";
    let (r, log) = traced("Find", program, 100);
    assert_eq!((r.stdout.as_str(), r.status), ("3340\n", 0), "{}", r.diagnostics);
    let inlined = log.lines().any(|l| {
        l.starts_with("[bonsai] compiled Find>>find:in::")
            && l.contains("Array>>do:")
            && l.contains("Find>>find:in: [block")
    });
    assert!(inlined, "find:in: was not compiled with do: and the block inlined: {log}");
    let deopts: Vec<&str> =
        log.lines().filter(|l| l.starts_with("[bonsai] deoptimized Find>>find:in:")).collect();
    assert!(deopts.len() <= 2, "find:in: left compiled code {} times: {deopts:?}", deopts.len());
}

#[test]
fn ir_of_a_block_and_its_context_kept_virtual_through_a_loop() {
    // `sum:` makes a context for `s` (the block captures it) and the block, and passes the
    // block to `Array>>do:`, inlined with its loop and the block: both objects stay virtual
    // through the loop, `s` is a variable merged at its header, and the send of `value:` to
    // the block calls its function directly. The hot code allocates nothing and calls nothing
    // (the allocation fast path would load a byte of the heap's side table).
    let all = ir("Summing", SUMMING);
    let header = "[bonsai] IR of Summing>>sum: (compiled)";
    assert_eq!(all.matches(header).count(), 1, "sum: recompiled:\n{all}");
    let (output, unit) = one_unit(&all, header);
    let hot: Vec<&str> = unit
        .split("\nblock")
        .filter(|block| !block.lines().next().unwrap_or("").contains("cold"))
        .filter(|block| block.contains("load.i8") || block.contains("call"))
        .collect();
    assert!(hot.is_empty(), "the hot code allocates or calls: {hot:?}\n{unit}");
    with_snapshot_filters(|| insta::assert_snapshot!(format!("{output}--- IR\n{unit}")));
}

#[test]
fn a_loop_learns_which_objects_it_cannot_keep_virtual() {
    // `count:` keeps its block and the context of `n` virtual through `do:`'s loop and
    // `found:`'s flag slot: the flag starts as the constant `false` and changes in the loop,
    // so the first compiled code deoptimizes once at the back edge and learns that the slot
    // varies. `leak:` passes its block to `keep:`, which stores it in a field of the receiver
    // inside the loop: it escapes, and the loop learns to allocate it at its entry. Each
    // lesson costs one deoptimization; the results are the interpreter's.
    let program = "Learn = (
    | held |
    found: x in: a = ( | f | f := false. a do: [ :e | e = x ifTrue: [ f := true ] ]. ^ f )
    keep: b = ( held := b. ^ b )
    leak: a = ( | s | s := 0. a do: [ :e | s := s + (self keep: [ e ]) value ]. ^ s )
    run = (
        | a t u |
        a := Array new: 30 withAll: 2.
        a at: 7 put: 5.
        t := 0. u := 0.
        1 to: 300 do: [ :i | (self found: 5 in: a) ifTrue: [ t := t + 1 ]. u := u + (self leak: a) ].
        t println. u println )
)";
    let (r, log) = traced("Learn", program, 20);
    assert_eq!((r.stdout.as_str(), r.status), ("300\n18900\n", 0), "{}", r.diagnostics);
    let deopts = |unit: &str, reason: &str| {
        log.lines().filter(|l| l.starts_with(&format!("[bonsai] deoptimized {unit}: {reason}"))).count()
    };
    assert_eq!(deopts("Learn>>found:in:", "slot"), 1, "{log}");
    assert_eq!(deopts("Learn>>found:in:", "an object the loop kept virtual escaped"), 0, "{log}");
    assert_eq!(deopts("Learn>>leak:", "an object the loop kept virtual escaped"), 1, "{log}");
}
