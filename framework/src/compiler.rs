//! The compiler interface: what a code-generation backend implements and what the engine
//! gets back. The partial evaluator (`bonsai-partial-eval`) implements [`Compiler`] and
//! [`InstalledCode`]; this crate decides when to compile ([`crate::call::CallTarget`],
//! [`crate::osr::OsrPoint`]), installs the code and records refusals
//! ([`crate::engine::Engine::refusals`]). The compile-mode execution domain the backend
//! implements is [`crate::exec::CompileDomain`]; its abrupt completion is a [`Bailout`].

use crate::call::CallTarget;
use crate::context::ExecContext;
use crate::error::GuestError;
use crate::frame::Frame;
use crate::node::Node;
use crate::value::Value;
use std::fmt;
use std::rc::Rc;

/// Machine code installed on a call target (implemented by the partial evaluator).
pub trait InstalledCode {
    /// Address of the code's entry, called directly by other compiled code with the
    /// compiled calling convention of the backend.
    fn entry_address(&self) -> usize;
    /// Address of a second entry with a calling convention of the backend's choosing for
    /// callers that know the target's [`CallTarget::parameter_count`] (e.g. arguments and
    /// result in registers), or 0 when the code has none (the default).
    fn direct_entry_address(&self) -> usize {
        0
    }
    /// Runs the code for a call with `args`.
    fn invoke(&self, ctx: &ExecContext, target: &CallTarget, args: &[Value]) -> Result<Value, GuestError>;
    /// Runs OSR code on the interpreter `frame` (slots read at entry, written back at exit).
    fn invoke_osr(
        &self,
        ctx: &ExecContext,
        target: &CallTarget,
        frame: &mut Frame<'_>,
    ) -> Result<OsrExit, GuestError>;
}

/// Size and cost of one compilation, for `--trace-compilation` and budgets.
#[derive(Debug, Clone, Default)]
pub struct CompileStats {
    /// Nodes partially evaluated.
    pub nodes: usize,
    /// Cranelift IR instructions before optimization.
    pub ir_instructions: usize,
    /// Machine code size in bytes.
    pub code_size_bytes: usize,
    /// Wall-clock compile time in microseconds.
    pub elapsed_us: u64,
    /// The IR as text, when the engine asked for it (`--dump-ir`).
    pub ir_text: Option<String>,
    /// Names of the call targets inlined into the unit, in the order first inlined.
    pub inlined: Vec<String>,
    /// Why the unit was compiled without inlining: its first attempt, with inlining, was
    /// refused (`None`: not retried).
    pub inlining_refused: Option<Bailout>,
}

/// The result of a successful compilation.
pub struct Compiled {
    /// The machine code, to install on the call target or the loop.
    pub code: Rc<dyn InstalledCode>,
    /// Its size, time and what it inlined.
    pub stats: CompileStats,
}

/// What a compilation compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A whole call target (traced as `compiled`).
    CallTarget,
    /// One loop of a call target, for on-stack replacement (traced as `osr-compiled`).
    OsrLoop,
}

impl UnitKind {
    /// The verb of the unit's trace line.
    pub fn trace_verb(self) -> &'static str {
        match self {
            UnitKind::CallTarget => "compiled",
            UnitKind::OsrLoop => "osr-compiled",
        }
    }
}

/// A compiler for call targets: the partial evaluator implements it; `framework` only
/// decides when to call it.
pub trait Compiler {
    /// Compiles the whole tree of `target`.
    fn compile(&self, target: &'static CallTarget) -> Result<Compiled, Bailout>;
    /// Compiles `loop_node` of `target` as an on-stack-replacement unit.
    fn compile_osr(&self, target: &'static CallTarget, loop_node: &dyn Node) -> Result<Compiled, Bailout>;
}

/// How an OSR-compiled loop ended.
#[derive(Debug)]
pub enum OsrExit {
    /// The loop finished (condition false or `break`): the interpreter continues after it.
    Completed,
    /// A `return` inside the loop: the enclosing function returns this value.
    Returned(Value),
    /// The code deoptimized inside the loop: the frame is written back, and the record holds
    /// the path to replay from the loop node (see [`crate::exec::resume`]).
    Deoptimized(Box<crate::exec::DeoptRecord>),
}

/// The OSR units of one call target may partially evaluate at most this many times its
/// tree's node count, plus one compile budget (`max_compile_nodes`: inlined callees count,
/// and so do recompilations), in all (compiled and refused). Each OSR unit contains the loops nested
/// in its loop, so compiling every loop of a deep nest costs the square of its depth; this
/// bound keeps loop compilation linear in the size of the function (Truffle and HotSpot
/// avoid the case with high OSR thresholds; the eager test modes compile at one back edge).
pub const OSR_WORK_FACTOR: usize = 2;

/// Why a unit was not compiled, by whose fault it is: compilation is abandoned and the tree
/// stays interpreted (never a guest error). Budget refusals are expected for large trees; the
/// other kinds mean a construct the compiler does not handle or a bug, and the test modes fail
/// on them (`Engine::refusals`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bailout {
    /// A limit: partial evaluation passed `limit` nodes (`max_compile_nodes`).
    NodeBudget {
        /// Nodes evaluated when the budget ran out.
        nodes: usize,
        /// The budget.
        limit: usize,
    },
    /// A limit: the unit has `instructions` IR instructions, more than `limit`, before code
    /// generation.
    IrBudget {
        /// The unit's IR instructions.
        instructions: usize,
        /// The budget.
        limit: usize,
    },
    /// A limit: the OSR units of one call target already partially evaluated `spent` nodes,
    /// more than `limit` (a multiple of its tree's size, [`OSR_WORK_FACTOR`]): compiling more
    /// loops of it (each outer loop containing the inner ones) would cost more than the tree.
    OsrWorkBudget {
        /// Nodes the target's OSR units evaluated so far.
        spent: usize,
        /// The budget.
        limit: usize,
    },
    /// Unsupported input: the tree uses a construct the partial evaluator does not compile.
    Unsupported(Unsupported),
    /// A bug of Bonsai or of a language implementation: the compile-mode domain, the
    /// evaluator or Cranelift failed.
    Internal(Internal),
}

/// A construct the partial evaluator does not compile (see [`Bailout::Unsupported`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// `break` outside any loop of the unit (of the inlined call, inside an inlined callee).
    BreakOutsideLoop,
    /// `continue` outside any loop of the unit.
    ContinueOutsideLoop,
    /// `return` outside a function or OSR loop.
    ReturnOutsideFunction,
    /// A compilation requested while the compiler is compiling (a reentrant compile).
    ReentrantCompile,
}

/// An internal error (see [`Bailout::Internal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Internal {
    /// Partial evaluation broke one of its invariants, e.g. a guard reported a miss in
    /// compile mode or regions were closed out of order.
    Invariant(&'static str),
    /// Cranelift's IR verifier rejected the unit (its report).
    Verifier(String),
    /// Cranelift or the JIT module failed otherwise (its message).
    Codegen(String),
}

impl Bailout {
    /// An internal error: partial evaluation broke `invariant`.
    pub fn invariant(invariant: &'static str) -> Bailout {
        Bailout::Internal(Internal::Invariant(invariant))
    }

    /// Whether the refusal is a budget limit (expected for large trees), not unsupported input
    /// or a bug.
    pub fn is_budget(&self) -> bool {
        matches!(self, Bailout::NodeBudget { .. } | Bailout::IrBudget { .. } | Bailout::OsrWorkBudget { .. })
    }
}

impl fmt::Display for Bailout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bailout::NodeBudget { limit, .. } => {
                write!(f, "tree too large to compile: more than {limit} nodes (see --max-compile-nodes)")
            }
            Bailout::IrBudget { instructions, limit } => {
                write!(f, "unit too large to compile: {instructions} IR instructions (budget {limit})")
            }
            Bailout::OsrWorkBudget { spent, limit } => write!(
                f,
                "loop compilations of this function spent {spent} nodes, more than {limit}: its loops stay interpreted"
            ),
            Bailout::Unsupported(u) => write!(f, "unsupported: {u}"),
            Bailout::Internal(i) => write!(f, "internal error: {i}"),
        }
    }
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unsupported::BreakOutsideLoop => "break outside a loop",
            Unsupported::ContinueOutsideLoop => "continue outside a loop",
            Unsupported::ReturnOutsideFunction => "return outside a function",
            Unsupported::ReentrantCompile => "compiler busy (reentrant compile)",
        })
    }
}

impl fmt::Display for Internal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Internal::Invariant(what) => f.write_str(what),
            Internal::Verifier(report) => write!(f, "IR verifier: {report}"),
            Internal::Codegen(message) => write!(f, "code generation failed: {message}"),
        }
    }
}
