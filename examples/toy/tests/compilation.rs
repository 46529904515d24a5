//! What the engine does with Toy programs: compilation traces, specialized trees.

use bonsai::engine::{run_with_stack, EngineOptions, GUEST_STACK_BYTES};
use bonsai::testing::SharedBuffer;

const LOOP: &str = include_str!("../programs/loop.toy");

#[test]
fn default_thresholds_compile_the_hot_function_and_the_hot_loop() {
    let (output, log) = run_with_stack(GUEST_STACK_BYTES, || {
        let log = SharedBuffer::default();
        let options = EngineOptions { trace_compilation: true, ..Default::default() };
        let engine = bonsai_pe::engine_with_log(options, Box::new(log.clone())).expect("engine");
        let mut out = Vec::new();
        toy::run(LOOP, engine, &mut out).expect("run");
        (String::from_utf8_lossy(&out).into_owned(), log.text())
    })
    .expect("guest thread");
    assert_eq!(output, "9999900000\n6765\n");
    let compiled =
        |what: &str, name: &str| log.lines().any(|l| l.starts_with(&format!("[bonsai] {what} {name}: ")));
    assert!(compiled("osr-compiled", "main"), "no OSR compilation of main's loop in:\n{log}");
    assert!(compiled("compiled", "fib"), "no compilation of fib in:\n{log}");
    assert!(!log.contains("refused"), "a compilation was refused:\n{log}");
}

#[test]
fn the_interpreter_specializes_the_tree() {
    let program =
        toy::parse("fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);\nfn main() = print(fib(10));")
            .expect("parse");
    let engine =
        bonsai_pe::engine(EngineOptions { compilation: false, ..Default::default() }).expect("engine");
    let mut out = Vec::new();
    program.run(engine, &mut out).expect("run");
    assert_eq!(out, b"55\n");
    let expected = "\
fib (calls 177, compilations 0)
  frame: n $0 Int
  Sequence
    WriteLocal n $0
      ReadArgument 0
    If (then/else taken 89/88)
      Binary < [Int]
        ReadLocal n $0
        Constant 2
      ReadLocal n $0
      Binary + [Int]
        Call fib
          Binary - [Int]
            ReadLocal n $0
            Constant 1
        Call fib
          Binary - [Int]
            ReadLocal n $0
            Constant 2
main (calls 1, compilations 0)
  Sequence
    Call print
      Call fib
        Constant 10
";
    assert_eq!(program.dump(), expected);
}

#[test]
fn parse_errors_carry_line_and_column() {
    let Err(err) = toy::parse("fn main() =\n  print(1 +);") else { panic!("parsed") };
    assert!(matches!(err, toy::Error::Parse { line: 2, column: 12, .. }), "{err:?}");
}
