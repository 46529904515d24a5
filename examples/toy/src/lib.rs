//! # Toy: the language author's "hello world" on Bonsai
//!
//! A complete, minimal language: a pest grammar, a builder, four node types of its own (the
//! framework supplies loops, constants, locals and arguments) and one builtin,
//! written only against Bonsai's public API. It contains no code generator — no backend types,
//! no IR, no lowering — yet its hot functions and loops run as machine code, compiled by the
//! same partial evaluator as every other language ([`bonsai_pe::JitCompiler`]): the JIT
//! knows no language.
//!
//! ## Running it
//!
//! ```
//! use bonsai::engine::EngineOptions;
//! let engine = bonsai_pe::engine(EngineOptions::default()).unwrap();
//! let mut out = Vec::new();
//! toy::run("fn sq(x) = x * x;  fn main() = print(sq(6) + 6);", engine, &mut out).unwrap();
//! assert_eq!(out, b"42\n");
//!
//! let engine = bonsai_pe::engine(EngineOptions { compilation: false, ..Default::default() }).unwrap();
//! let err = toy::run("fn main() = print(1 + (2 < 3));", engine, &mut Vec::new()).unwrap_err();
//! assert_eq!(err.to_string(), "type error: `+` expects integers, got 1 and true at line 1, column 21");
//! ```
//!
//! ## The language
//!
//! A program is a list of functions `fn name(params) = expression;` and runs `main()`.
//! Everything is an expression over 64-bit integers and booleans:
//!
//! ```text
//! // Comments run to the end of the line.
//! fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);
//! fn main() = {
//!     i = 0; s = 0;
//!     while i < 100000 do { s = s + i * 2; i = i + 1 };
//!     print(s);          // 9999900000
//!     print(fib(20))     // 6765
//! };
//! ```
//!
//! * `+ - * /` on integers (`/` truncates toward zero). A result outside 64 bits fails with
//!   `integer overflow`, dividing by zero with `division by zero`: errors, never wrapping.
//! * `== != < <= > >=` compare integers and yield a boolean (at most one per expression).
//! * `if c then a else b` is the value of the branch taken; `c` must be a boolean.
//! * `while c do e` repeats `e` while `c` holds; its value is 0.
//! * `{ e1; …; en }` evaluates in order; its value is `en`'s.
//! * `x = e` assigns a local (its value is `e`'s). A function's locals are its parameters and
//!   every name it assigns; they start at 0 and are resolved to frame slots when the tree is
//!   built. Calls `f(a, b)` are resolved by name and checked for arity at that time too.
//! * A function's name used as a value is its function value; `f(a)` where `f` is a local
//!   calls the local's value (a function of any language, or another language's executable;
//!   anything else is `type error: V is not a function`).
//! * `import name` is the value bound to `name` in the polyglot bindings (0 when unbound):
//!   in a polyglot program ([`polyglot`], the `bonsai` launcher) Toy calls other languages'
//!   functions, and they call Toy's, which are function values.
//! * `print(e)` writes `e` and a newline and yields `e`.
//! * Using a non-integer in arithmetic, or a non-boolean as a condition, is a type error.
//!
//! Errors name their place: parse errors `parse error at line L, column C: …` (also for
//! unknown names and wrong arities), runtime errors `… at line L, column C` of the operator.
//! Recursion deeper than the engine's `max_call_depth` is the guest error `Stack overflow: …`.
//!
//! ## How a node becomes machine code
//!
//! A node's semantics are written once, generically over the execution domain. The `Int`
//! specialization of `a + b` ([`nodes::binary::BinaryNode`]) is, in essence:
//!
//! ```text
//! fn int<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
//!     let [a, b] = expect_ints(d, ops)?;         // guard: both `Int`; unbox them
//!     let sum = checked(d, IntOp::Add, a, b)?;   // guard: no overflow
//!     Ok(d.box_int(sum))
//! }
//! const SPECIALIZATIONS: &'static [Specialization<Self, 2>] = specializations![Int => Self::int];
//! ```
//!
//! The interpreter runs it with `D = Interp` on concrete values. When `fib` is hot, the
//! partial evaluator runs the same function with `D = dyn CompileDomain`: every operation
//! emits code instead, and the node's state (its operator, which specializations are active,
//! branch profiles, the callee of a call) is read while emitting, so it is constant-folded
//! away. A guard that fails at run time calls the node's slow path out of line; it reports
//! the error or respecializes the node, which invalidates the compiled code.
//!
//! ## A tour
//!
//! | Concept | Where |
//! | --- | --- |
//! | Grammar, syntax errors, names resolved to slots and functions | `toy.pest`, [`parse`] |
//! | `+ - * /` and comparisons, specialized on `Int` ([`bonsai::specializations!`]) | [`nodes::binary::BinaryNode`] |
//! | Sequences, `if` ([`bonsai::exec::Domain::choose`]) with a boolean [`nodes::condition`] | [`nodes::control_flow`] |
//! | `while` with on-stack replacement, constants, locals, arguments | the framework's [`bonsai::nodes::WhileNode`], [`bonsai::nodes::ConstantNode`], [`bonsai::nodes::ReadLocalNode`], … |
//! | Calls ([`bonsai::exec::Domain::call_function`]) | [`nodes::call`] |
//! | Builtins, one table of [`bonsai::nodes::Builtin`]s (bodies: [`bonsai::nodes::BuiltinNode`], boundaries) | [`builtins::BUILTINS`] |
//! | Engine with the JIT, running a program, errors | [`bonsai_pe::engine`], [`Program::run`], [`run_on_guest_stack`], [`Error`] |
//! | Toy in a polyglot context: `eval` answers `main`, `import`, calls of values | [`polyglot::ToyLanguage`], [`nodes::call::CallValueNode`], [`nodes::call::ImportNode`] |

pub mod builtins;
pub mod nodes;
mod parser;
pub mod polyglot;

use bonsai::context::ExecContext;
use bonsai::engine::{run_with_stack, Engine, EngineOptions, GUEST_STACK_BYTES};
use bonsai::function::FunctionRef;
use bonsai::heap::MutatorGuard;
use builtins::Output;
use std::fmt;
use std::io::Write;
use std::rc::Rc;

pub use parser::parse;

/// Why a program did not run to completion, by cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The program is not valid (its author's fault): a syntax error, an unknown name, a
    /// wrong number of arguments. `line` and `column` are 1-based; columns count characters.
    Parse { line: u32, column: u32, message: String },
    /// The program failed while running (its author's fault, or a limit such as the call
    /// depth): the message and the guest stack trace, innermost function first.
    Runtime { message: String, stack_trace: Vec<String> },
    /// The host failed: the JIT or the guest thread could not be set up, or writing the
    /// output failed.
    Host { message: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse { line, column, message } => {
                write!(f, "parse error at line {line}, column {column}: {message}")
            }
            Error::Runtime { message, .. } | Error::Host { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

fn host(e: impl fmt::Display) -> Error {
    Error::Host { message: e.to_string() }
}

/// A parsed program: its functions' call targets, which keep what they learn (specializations,
/// profiles, compiled code) across runs.
pub struct Program {
    functions: Vec<FunctionRef>,
    main: FunctionRef,
    output: Rc<Output>,
}

impl Program {
    /// Calls `main()` on `engine` with a [`MutatorGuard`] held, on the current thread (see
    /// [`run_on_guest_stack`] for deep recursion). What the program printed is written to
    /// `output` when it ends, also when it fails.
    pub fn run(&self, engine: Rc<Engine>, output: &mut dyn Write) -> Result<(), Error> {
        let _mutator = MutatorGuard::acquire();
        let result = main_result(self.main, &ExecContext::new(engine.clone()));
        engine.release_retired_code();
        let printed = self.output.take();
        output.write_all(&printed).and_then(|()| output.flush()).map_err(host)?;
        result
    }

    /// The specialized tree of every function, in definition order: what the interpreter
    /// learned (specializations, profiles, loop back edges).
    pub fn dump(&self) -> String {
        self.functions.iter().filter_map(|f| f.target()).map(|t| t.dump()).collect()
    }
}

fn main_result(main: FunctionRef, ctx: &ExecContext) -> Result<(), Error> {
    match main.call(ctx, &[]) {
        Ok(_) => Ok(()),
        Err(e) => {
            Err(Error::Runtime { message: e.message().to_string(), stack_trace: e.stack_trace().to_vec() })
        }
    }
}

/// Parses `source` and runs it on `engine` (see [`Program::run`]).
pub fn run(source: &str, engine: Rc<Engine>, output: &mut dyn Write) -> Result<(), Error> {
    parse(source)?.run(engine, output)
}

/// Runs `source` with a fresh [`bonsai_pe::engine`] on a guest thread with a large native stack, so that
/// deep recursion ends in the engine's call-depth error, never a native stack overflow.
/// Returns what the program printed and how it ended.
pub fn run_on_guest_stack(source: String, options: EngineOptions) -> (Vec<u8>, Result<(), Error>) {
    let ran = run_with_stack(GUEST_STACK_BYTES, move || {
        let mut out = Vec::new();
        let result =
            bonsai_pe::engine(options).map_err(host).and_then(|engine| run(&source, engine, &mut out));
        (out, result)
    });
    ran.unwrap_or_else(|e| (Vec::new(), Err(host(e))))
}

/// The examples of the crate's README, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
