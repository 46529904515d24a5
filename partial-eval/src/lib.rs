//! # Bonsai partial evaluator
//!
//! Compiles specialized trees to machine code: the first Futamura projection by staging.
//! The same generic node semantics that the interpreter runs are run against
//! the evaluator (`src/evaluator/`), the compile-mode instance of the execution domain, which emits
//! Cranelift IR instead of computing values; node state is read as constants while doing so.
//!
//! A node written once, run by the interpreter and then compiled:
//!
//! ```
//! use bonsai::prelude::*;
//!
//! /// `argument 0 + 1`, specialized on `Int`; anything else is an error (the fallback).
//! struct Increment { state: SpecializationState }
//!
//! impl Increment {
//!     fn int<D: Domain + ?Sized>(&self, d: &mut D, [n]: [D::Value; 1]) -> Outcome<D> {
//!         let (n, one) = (expect_int(d, n)?, d.int_constant(1));
//!         let sum = checked(d, IntOp::Add, n, one)?;
//!         Ok(d.box_int(sum))
//!     }
//! }
//! impl Specialize<1> for Increment {
//!     const SPECIALIZATIONS: &'static [Specialization<Self, 1>] = specializations![Int => Self::int];
//!     fn specialization_state(&self) -> &SpecializationState { &self.state }
//!     fn fallback(&self, _: &mut Interp<'_>, _: [Value; 1]) -> Result<Value, GuestError> {
//!         Err(GuestError::new("not an integer"))
//!     }
//! }
//! impl Execute for Increment {
//!     fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
//!         let n = d.argument(0);
//!         d.specialized(self, [n])
//!     }
//! }
//! impl Dump for Increment {
//!     fn dump(&self, w: &mut TreeDump) { w.line(format!("Increment [{}]", self.describe_state())) }
//! }
//!
//! let target = CallTarget::new("inc", FrameDescriptor::new(),
//!     Box::new(Increment { state: SpecializationState::new() }));
//! let options = EngineOptions { compile_threshold_calls: 1, ..EngineOptions::default() };
//! let compiler = bonsai_pe::JitCompiler::new(false).expect("host supported");
//! let ctx = ExecContext::new(Engine::new(options, Some(Box::new(compiler))));
//! let _mutator = bonsai::heap::MutatorGuard::acquire();
//! // First call: compiled before the node saw a value, so the compiled code transfers to
//! // the interpreter's slow path, which specializes the node to `Int` and invalidates it.
//! assert!(matches!(target.call(&ctx, &[Value::Int(1)]), Ok(Value::Int(2))));
//! // Second call: recompiled from the specialized tree; a guarded inline add runs.
//! assert!(matches!(target.call(&ctx, &[Value::Int(41)]), Ok(Value::Int(42))));
//! assert!(target.is_compiled());
//! // A failed guard in compiled code runs the slow path: the fallback's error.
//! assert_eq!(target.call(&ctx, &[Value::Null]).unwrap_err().message(), "not an integer");
//! ```
//!
//! ## A tour
//!
//! | Concept | Type |
//! | --- | --- |
//! | The compiler the engine calls | [`JitCompiler`] (implements [`bonsai::compiler::Compiler`]) |
//! | Compile-mode execution domain | the crate-private `Evaluator` in `src/evaluator/` (implements [`bonsai::exec::CompileDomain`]) |
//! | Calling convention, installed code | [`backend`], [`backend::JitCode`] |
//! | Runtime calls (boundaries, calls into the interpreter) | `backend::runtime` |

#![warn(missing_docs)]
// The backend's module documentation links to its private runtime items on purpose: they are
// what a reader of `cargo doc --document-private-items` follows.
#![allow(rustdoc::private_intra_doc_links)]

pub mod backend;
pub mod cli;
mod evaluator;
mod perf_map;

use backend::JitCode;
use bonsai::call::CallTarget;
use bonsai::compiler::{Bailout, CompileStats, Compiled, Compiler, Internal, Unsupported};
use bonsai::engine::{CompilerFactory, Engine, EngineOptions};
use bonsai::node::Node;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::{CodegenError, Context};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Module, ModuleError, ModuleReloc};
use evaluator::{function_signature, unit_direct_arity, Budget, Evaluator, UnitKind};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Instant;

/// Default code-generation budget in IR instructions: roughly 80 ms of Cranelift time on the
/// 2-core development machine (48,000 instructions took 0.19 s); larger units stay
/// interpreted (never compile for seconds).
pub const DEFAULT_MAX_IR_INSTRUCTIONS: usize = 20_000;

/// Units with more IR instructions than this whose loops nest deeper than
/// [`DEEP_LOOP_NESTING`] are register-allocated by Cranelift's single-pass allocator instead
/// of its backtracking one. The backtracking allocator's liveness and splitting grow faster
/// than linearly with deeply nested loops (a unit of 200 nested loops, 13,000 instructions,
/// took 300 ms, 80% of it in register allocation); the single-pass allocator compiles such a
/// unit about 10× faster, at the price of spilling every value across blocks. Large units
/// without such nests (SOM methods with their library callees inlined: 15,000 instructions in
/// 25 ms) keep the backtracking allocator: single-pass code ran them 1.5× slower.
pub const LARGE_UNIT_IR_INSTRUCTIONS: usize = 3_000;

/// The loop nesting depth past which a large unit is register-allocated in a single pass (see
/// [`LARGE_UNIT_IR_INSTRUCTIONS`]).
pub const DEEP_LOOP_NESTING: usize = 8;

/// Why the JIT could not be set up (unsupported host, bad settings): a limit of the machine.
#[derive(Debug)]
pub struct JitError(String);

impl fmt::Display for JitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot set up the JIT: {}", self.0)
    }
}

impl std::error::Error for JitError {}

struct Backend {
    module: JITModule,
    /// The module's ISA with the single-pass register allocator, for large units.
    fast_isa: OwnedTargetIsa,
    ctx: Context,
    fctx: FunctionBuilderContext,
    call_conv: CallConv,
}

/// The one-call engine constructor of every launcher and test suite: an engine with
/// `options` that compiles with a [`JitCompiler`] when `options.compilation` is set (with
/// Cranelift's IR verifier when `options.verify_ir` is). Traces go to standard error.
pub fn engine(options: EngineOptions) -> Result<Rc<Engine>, JitError> {
    engine_with_log(options, Box::new(std::io::stderr()))
}

/// Like [`engine`], with compilation traces (`trace_compilation`, `dump_ir`) written to `log`.
/// The JIT is built when the first compilation needs it (a short run never pays for it); if
/// it cannot be built, compilations are refused with the error and the program runs
/// interpreted (the result is never `Err`).
pub fn engine_with_log(options: EngineOptions, log: Box<dyn std::io::Write>) -> Result<Rc<Engine>, JitError> {
    let jit_options = options.clone();
    let factory: CompilerFactory = Box::new(move || {
        let jit = if jit_options.verify_ir {
            JitCompiler::verifying(jit_options.dump_ir)
        } else {
            JitCompiler::new(jit_options.dump_ir)
        };
        match jit {
            Ok(jit) => Ok(Box::new(jit.with_options(&jit_options)) as Box<dyn Compiler>),
            Err(e) => Err(e.to_string()),
        }
    });
    Ok(Engine::with_compiler_factory(options, factory, log))
}

/// The Cranelift-backed compiler of call targets and OSR loops.
pub struct JitCompiler {
    backend: RefCell<Backend>,
    dump_ir: bool,
    max_nodes: usize,
    max_inline_nodes: usize,
    max_ir_instructions: usize,
    /// Deoptimization stress (`EngineOptions::stress_deopt_every`; 0: off).
    stress_deopt_every: u32,
    /// `EngineOptions::allocation_removal`.
    allocation_removal: bool,
}

impl JitCompiler {
    /// A compiler for the host machine; with `dump_ir`, each compilation keeps its IR text.
    pub fn new(dump_ir: bool) -> Result<JitCompiler, JitError> {
        JitCompiler::build(dump_ir, false)
    }

    /// Like [`JitCompiler::new`], and Cranelift's IR verifier checks every unit before code
    /// generation (a failure refuses the compilation with the verifier's report). Roughly
    /// doubles compile time; the test corpora use it.
    pub fn verifying(dump_ir: bool) -> Result<JitCompiler, JitError> {
        JitCompiler::build(dump_ir, true)
    }

    fn build(dump_ir: bool, verify: bool) -> Result<JitCompiler, JitError> {
        let isa = |regalloc: &str| -> Result<OwnedTargetIsa, JitError> {
            let mut flags = settings::builder();
            let verifier = if verify { "true" } else { "false" };
            // Stack probes: a frame larger than a page touches each of its pages on entry, so
            // it cannot jump the guard page below the guest thread's stack; the probes are
            // inline (no probestack runtime function to link).
            for (k, v) in [
                ("enable_verifier", verifier),
                ("opt_level", "speed"),
                ("use_colocated_libcalls", "false"),
                ("is_pic", "false"),
                ("enable_probestack", "true"),
                ("probestack_strategy", "inline"),
                ("regalloc_algorithm", regalloc),
            ] {
                flags.set(k, v).map_err(|e| JitError(e.to_string()))?;
            }
            cranelift_native::builder()
                .map_err(|e| JitError(e.to_string()))?
                .finish(settings::Flags::new(flags))
                .map_err(|e| JitError(e.to_string()))
        };
        let (isa, fast_isa) = (isa("backtracking")?, isa("single_pass")?);
        if isa.pointer_bits() != 64 {
            return Err(JitError("only 64-bit hosts are supported".into()));
        }
        let call_conv = isa.default_call_conv();
        let module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        let ctx = module.make_context();
        Ok(JitCompiler {
            backend: RefCell::new(Backend {
                module,
                fast_isa,
                ctx,
                fctx: FunctionBuilderContext::new(),
                call_conv,
            }),
            dump_ir,
            max_nodes: usize::MAX,
            max_inline_nodes: EngineOptions::default().max_inline_nodes,
            max_ir_instructions: DEFAULT_MAX_IR_INSTRUCTIONS,
            stress_deopt_every: 0,
            allocation_removal: true,
        })
    }

    /// Sets the code-generation budget: units whose IR has more than `max` instructions are
    /// refused before Cranelift compiles them (default [`DEFAULT_MAX_IR_INSTRUCTIONS`]).
    pub fn with_max_ir_instructions(mut self, max: usize) -> JitCompiler {
        self.max_ir_instructions = max;
        self
    }

    /// Takes the compile budget, the inlining budget and deoptimization stress from the
    /// engine's options (`max_compile_nodes`, `max_inline_nodes`, `stress_deopt_every`,
    /// `allocation_removal`).
    pub fn with_options(mut self, options: &EngineOptions) -> JitCompiler {
        self.max_nodes = options.max_compile_nodes;
        self.max_inline_nodes = options.max_inline_nodes;
        self.stress_deopt_every = options.stress_deopt_every;
        self.allocation_removal = options.allocation_removal;
        self
    }

    /// Sets the inlining budget: call sites inline callee trees of at most `max` nodes (0:
    /// never inline).
    pub fn with_max_inline_nodes(mut self, max: usize) -> JitCompiler {
        self.max_inline_nodes = max;
        self
    }

    /// Sets the compile budget: units with more than `max_nodes` nodes are refused.
    pub fn with_max_nodes(mut self, max_nodes: usize) -> JitCompiler {
        self.max_nodes = max_nodes;
        self
    }

    fn compile_unit(
        &self,
        target: &'static CallTarget,
        kind: UnitKind,
        loop_node: Option<&dyn Node>,
    ) -> Result<Compiled, Bailout> {
        let start = Instant::now();
        let mut backend =
            self.backend.try_borrow_mut().map_err(|_| Bailout::Unsupported(Unsupported::ReentrantCompile))?;
        let Backend { module, fast_isa, ctx, fctx, call_conv } = &mut *backend;
        module.clear_context(ctx);
        let sig = function_signature(kind, target, *call_conv);
        ctx.func.signature = sig.clone();
        // A unit that fails with inlining (a callee the evaluator refuses) is retried without;
        // the first refusal is reported with the compiled unit (`CompileStats::inlining_refused`).
        let mut max_inline_nodes = self.max_inline_nodes;
        let mut inlining_refused = None;
        // Declared first, so that a root unit's recursive calls can call it directly.
        let id = module
            .declare_anonymous_function(&sig)
            .map_err(|e| Bailout::Internal(Internal::Codegen(e.to_string())))?;
        let (nodes, boundaries, inlined, deopt, max_loop_depth, assumed_functions) = loop {
            let self_ref = (kind == UnitKind::Root).then(|| module.declare_func_in_func(id, &mut ctx.func));
            let builder = FunctionBuilder::new(&mut ctx.func, fctx);
            let budget = Budget {
                max_nodes: self.max_nodes,
                max_inline_nodes,
                max_ir_instructions: self.max_ir_instructions,
            };
            let mut ev = Evaluator::new(
                builder,
                kind,
                target,
                *call_conv,
                budget,
                self.stress_deopt_every,
                self.allocation_removal,
            );
            ev.set_self_ref(self_ref);
            let emitted = match loop_node {
                None => ev.emit_root(target),
                Some(node) => ev.emit_osr(node),
            };
            let nodes = ev.node_count();
            let config = module.target_config();
            let max_ir_instructions = self.max_ir_instructions;
            // The budget again once the unit is finished (its last exits included), so that a
            // unit just over it is retried without inlining rather than refused.
            let finished =
                emitted.and_then(|()| ev.finish(config)).and_then(|unit| match ctx.func.dfg.num_insts() {
                    n if n > max_ir_instructions => {
                        Err(Bailout::IrBudget { instructions: n, limit: max_ir_instructions })
                    }
                    _ => Ok(unit),
                });
            match finished {
                Ok(unit) => {
                    break (
                        nodes,
                        unit.boundaries,
                        unit.inlined,
                        unit.deopt,
                        unit.max_loop_depth,
                        unit.assumed_functions,
                    )
                }
                Err(e) => {
                    // An abandoned builder leaves its SSA state behind: start the next unit
                    // (or this retry) from a fresh context.
                    module.clear_context(ctx);
                    *fctx = FunctionBuilderContext::new();
                    ctx.func.signature = sig.clone();
                    if max_inline_nodes == 0 {
                        // The refusal with inlining, unless that was just a budget.
                        return Err(inlining_refused.filter(|b: &Bailout| !b.is_budget()).unwrap_or(e));
                    }
                    inlining_refused = Some(e);
                    max_inline_nodes = 0;
                }
            }
        };
        let ir_instructions = ctx.func.dfg.num_insts();
        if ir_instructions > self.max_ir_instructions {
            module.clear_context(ctx);
            return Err(Bailout::IrBudget { instructions: ir_instructions, limit: self.max_ir_instructions });
        }
        let ir_text = self.dump_ir.then(|| ctx.func.display().to_string());
        let defined = if ir_instructions > LARGE_UNIT_IR_INSTRUCTIONS && max_loop_depth > DEEP_LOOP_NESTING {
            define_with(module, &**fast_isa, id, ctx).map_err(|e| *e)
        } else {
            module.define_function(id, ctx)
        };
        if let Err(e) = defined {
            module.clear_context(ctx);
            return Err(Bailout::Internal(match e {
                // With `dump_ir`, the report is followed by the IR it names.
                ModuleError::Compilation(CodegenError::Verifier(report)) => match &ir_text {
                    Some(ir) => Internal::Verifier(format!("{report}\n{ir}")),
                    None => Internal::Verifier(report.to_string()),
                },
                e => Internal::Codegen(format!("{e:?}")),
            }));
        }
        let code_size_bytes = ctx.compiled_code().map(|c| c.code_info().total_size as usize).unwrap_or(0);
        module.clear_context(ctx);
        module.finalize_definitions().map_err(|e| Bailout::Internal(Internal::Codegen(e.to_string())))?;
        let entry = module.get_finalized_function(id);
        perf_map::record(entry, code_size_bytes, target.name(), kind);
        // The code relies on the inlined trees' specialization state.
        for callee in &inlined {
            callee.tree_stable().register(target);
        }
        // … and on the inlined functions keeping their targets.
        for function in &assumed_functions {
            function.target_stable().register(target);
        }
        let stats = CompileStats {
            nodes,
            ir_instructions,
            code_size_bytes,
            elapsed_us: start.elapsed().as_micros() as u64,
            ir_text,
            inlined: inlined.iter().map(|t| t.name().to_string()).collect(),
            inlining_refused,
        };
        let direct_arity = unit_direct_arity(kind, target);
        Ok(Compiled { code: Rc::new(JitCode::new(entry, direct_arity, boundaries, deopt)), stats })
    }
}

/// Compiles `ctx`'s function with `isa` (the module's target with other settings) and defines
/// it in `module` as function `id`, as `Module::define_function` does with the module's own ISA.
fn define_with(
    module: &mut JITModule,
    isa: &dyn TargetIsa,
    id: FuncId,
    ctx: &mut Context,
) -> Result<(), Box<ModuleError>> {
    ctx.compile(isa, &mut ControlPlane::default())
        .map_err(|e| Box::new(ModuleError::Compilation(e.inner)))?;
    let missing =
        || Box::new(ModuleError::Compilation(CodegenError::Unsupported("no code after compile".into())));
    let compiled = ctx.compiled_code().ok_or_else(missing)?;
    let alignment = u64::from(compiled.buffer.alignment);
    let relocs: Vec<ModuleReloc> =
        compiled.buffer.relocs().iter().map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id)).collect();
    module.define_function_bytes(id, alignment, compiled.code_buffer(), &relocs).map_err(Box::new)
}

impl Compiler for JitCompiler {
    fn compile(&self, target: &'static CallTarget) -> Result<Compiled, Bailout> {
        self.compile_unit(target, UnitKind::Root, None)
    }

    fn compile_osr(&self, target: &'static CallTarget, loop_node: &dyn Node) -> Result<Compiled, Bailout> {
        self.compile_unit(target, UnitKind::Osr, Some(loop_node))
    }
}

/// The examples of the crate's README, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
