//! Calls between compiled units: the direct convention (arguments, result and call depth in
//! registers) for callers that know their callee, and the unit convention for the others.

use bonsai_tests::{run_sl_with, Mode};

/// Runs `program` with every function compiled on its first call and nothing inlined; returns
/// the output and the diagnostics (the compile trace and the IR of every unit).
fn run_compiled(program: &str) -> (String, String) {
    let run = run_sl_with(
        "calls.sl",
        program,
        "",
        Mode::Eager,
        |o| {
            o.trace_compilation = true;
            o.dump_ir = true;
            o.max_inline_nodes = 0;
        },
        false,
    );
    assert_eq!(run.status, 0, "{}", run.diagnostics);
    (run.stdout, run.diagnostics)
}

/// The IR of the last compilation of `unit` (e.g. `f (compiled)`, `f (osr-compiled)`) in
/// `diagnostics` (the first ones happen on the first call, before the tree specialized).
fn ir_of<'a>(diagnostics: &'a str, unit: &str) -> &'a str {
    let header = format!("[bonsai] IR of {unit}:");
    let start = diagnostics.rfind(&header).unwrap_or_else(|| panic!("{unit} not compiled:\n{diagnostics}"));
    let ir = &diagnostics[start + header.len()..];
    &ir[..ir.find("\n}\n").map_or(ir.len(), |end| end + 2)]
}

#[test]
fn a_call_of_a_compiled_function_passes_arguments_and_result_in_registers() {
    let (stdout, diagnostics) = run_compiled(
        "
function add(a, b) { return a + b; }
function sum(n) { s = 0; i = 0; while (i < n) { s = add(s, i); i = i + 1; } return s; }
function main() { println(add(1, 2)); println(sum(100)); }",
    );
    assert_eq!(stdout, "3\n4950\n");
    // `add` has the direct convention: the context, the depth, two words per parameter, and
    // the result's two words.
    let add = ir_of(&diagnostics, "add (compiled)");
    assert!(
        add.lines()
            .nth(1)
            .is_some_and(|l| l.ends_with("(i64, i32, i64, i64, i64, i64) -> i64, i64 system_v {")),
        "{add}"
    );
    // `sum`'s loop calls it through its direct entry when `add` is still the function's target.
    let sum = ir_of(&diagnostics, "sum (osr-compiled)");
    assert!(sum.contains("= (i64, i32, i64, i64, i64, i64) -> i64, i64 system_v"), "{sum}");
    assert!(sum.contains("call_indirect.i64 sig"), "{sum}");
}

#[test]
fn a_recursive_call_calls_its_own_unit_directly() {
    let (stdout, diagnostics) = run_compiled(
        "
function fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
function main() { println(fib(20)); }",
    );
    assert_eq!(stdout, "6765\n");
    let fib = ir_of(&diagnostics, "fib (compiled)");
    assert!(fib.contains("fn0 = colocated u0:"), "{fib}");
    assert!(fib.contains("= call fn0(v0, v"), "{fib}");
}

#[test]
fn compiled_calls_pad_and_cut_arguments_to_the_parameters() {
    // Calls with fewer and more arguments than parameters, compiled on both sides; the extra
    // arguments are still evaluated.
    let (stdout, diagnostics) = run_compiled(
        "
function show(a, b) { return a + \",\" + b; }
function noisy(x) { println(\"evaluated \" + x); return x; }
function main() {
  println(show(1));
  println(show(1, 2, noisy(3)));
  println(show());
}",
    );
    assert_eq!(stdout, "1,NULL\nevaluated 3\n1,2\nNULL,NULL\n");
    assert!(diagnostics.contains("[bonsai] compiled main:"), "{diagnostics}");
    assert!(diagnostics.contains("[bonsai] compiled show:"), "{diagnostics}");
}

#[test]
fn a_redefined_callee_is_called_through_its_new_target() {
    // `call` is compiled calling `f` directly; `f` is then redefined (a new call target, with
    // another parameter count), and the same compiled code must call the new definition.
    let (stdout, diagnostics) = run_compiled(
        "
function f(a) { return a * 2; }
function call(x) { return f(x, 10); }
function main() {
  println(call(1));
  println(call(2));
  defineFunction(\"function f(a, b) { return a + b; }\");
  println(call(3));
}",
    );
    assert_eq!(stdout, "2\n4\n13\n");
    assert!(diagnostics.contains("[bonsai] compiled call:"), "{diagnostics}");
}

#[test]
fn a_function_with_more_parameters_than_registers_takes_the_unit_convention() {
    let (stdout, diagnostics) = run_compiled(
        "
function seven(a, b, c, d, e, f, g) { if (a == 0) { return b + c + d + e + f + g; } return seven(a - 1, b, c, d, e, f, g); }
function main() { println(seven(3, 1, 2, 3, 4, 5, 6)); }",
    );
    assert_eq!(stdout, "21\n");
    let seven = ir_of(&diagnostics, "seven (compiled)");
    assert!(
        seven.lines().nth(1).is_some_and(|l| l.ends_with("(i64, i64, i64, i64, i64, i64) -> i32 system_v {")),
        "{seven}"
    );
}

#[test]
fn a_call_of_an_unexpected_target_passes_arguments_in_registers_when_the_arity_matches() {
    // `apply`'s call site sees six functions: past its cache, the call checks the target's
    // parameter count at run time and calls a matching direct entry in registers (`g`, with
    // two parameters, is called with one argument and takes the unit convention).
    let (stdout, diagnostics) = run_compiled(
        "
function a(x) { return x + 1; }
function b(x) { return x + 2; }
function c(x) { return x + 3; }
function d(x) { return x + 4; }
function e(x) { return x + 5; }
function g(x, y) { if (isNull(y)) { return x * 100; } return x + y; }
function apply(f, x) { return f(x); }
function main() {
  s = 0; i = 0;
  while (i < 100) {
    s = s + apply(a, i) + apply(b, i) + apply(c, i) + apply(d, i) + apply(e, i) + apply(g, i);
    i = i + 1;
  }
  println(s);
}",
    );
    assert_eq!(stdout, "521250\n");
    let apply = ir_of(&diagnostics, "apply (compiled)");
    let direct_calls = apply.lines().filter(|l| l.contains("= call_indirect.i64 sig")).count();
    assert!(direct_calls >= 2, "the expected target's and the checked arity's direct calls:\n{apply}");
    assert!(apply.contains("(i64, i32, i64, i64) -> i64, i64 system_v"), "{apply}");
}
