//! The engine: options, the compiler, compilation policy and its trace.
//!
//! The trace comes in two forms: text lines in the engine's log (`trace_compilation`, the
//! launchers' `--trace-compilation`), and JSON lines, one event per line, written to a
//! stream given to [`Engine::set_event_trace`] (`--trace-compilation=json FILE`), for tools
//! such as `bonsai-report timeline`. Every JSON event has `t_us`, microseconds since the
//! engine was created, and `event`, one of:
//!
//! | `event` | further fields |
//! | --- | --- |
//! | `start` | `format` (`"bonsai-compilation-trace"`), `version` (1) |
//! | `compiled`, `osr_compiled` | `target`, `nodes`, `ir_instructions`, `code_bytes`, `compile_us`, `reason` (`1000 calls`, `hot loop`), `inlined` (names) |
//! | `refused` | `target`, `unit` (`call_target` or `osr_loop`), `kind` (`budget`, `unsupported`, `internal`), `reason`, `compiled_without_inlining` (only the attempt with inlining was refused) |
//! | `invalidated` | `target`, `reason` (`node rewritten`, `stress`, …) |
//! | `deoptimized` | `target`, `reason` (the node and its state) |
//! | `exit` | written by [`Engine::finish_event_trace`] |
//!
//! ```
//! use bonsai::engine::{Engine, EngineOptions};
//! use bonsai::testing::SharedBuffer;
//! let engine = Engine::new(EngineOptions::default(), None);
//! let trace = SharedBuffer::default();
//! engine.set_event_trace(Box::new(trace.clone()));
//! engine.finish_event_trace().unwrap();
//! let text = String::from_utf8(trace.contents()).unwrap();
//! let events: Vec<&str> = text.lines().collect();
//! assert!(events[0].contains(r#""event":"start""#));
//! assert!(events[1].contains(r#""event":"exit""#));
//! ```

use crate::call::CallTarget;
use crate::compiler::{Bailout, CompileStats, Compiler, InstalledCode, Internal, UnitKind};
use rustc_hash::FxHashMap;
use std::cell::{Cell, OnceCell, RefCell};
use std::fmt;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;

/// Engine options. Thresholds are counts; `0` for `stress_invalidate_every` disables it.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Compile hot code at all (`false`: interpreter only).
    pub compilation: bool,
    /// Calls after which a call target is compiled.
    pub compile_threshold_calls: u32,
    /// Loop back edges after which a loop is compiled by on-stack replacement.
    pub osr_threshold_back_edges: u32,
    /// Invalidation stress: invalidate a target's code on its N-th entry into compiled code,
    /// then after 2N more entries, 4N, … (0: off).
    pub stress_invalidate_every: u32,
    /// Deoptimization stress: every guard of compiled code fails on its N-th evaluation, then
    /// on its 2N-th, 4N-th, … (each guard counts on its own; 0: off). The code leaves for the
    /// interpreter there, which must produce the same result; these deoptimizations invalidate
    /// as stress, so they do not count toward `max_recompilations`.
    pub stress_deopt_every: u32,
    /// Compilations of one call target after which a further invalidation leaves it
    /// interpreted for good (stops deoptimization loops; stress invalidations don't count).
    pub max_recompilations: u32,
    /// Guest call depth past which a call fails with a stack-overflow guest error (so does a
    /// call near the end of the native stack, whatever the depth: `bonsai::context`).
    pub max_call_depth: u32,
    /// Nodes one compilation may partially evaluate; larger trees are refused.
    pub max_compile_nodes: usize,
    /// Largest callee tree, in nodes, that compiled code inlines at a call site (its call
    /// target known and stable); 0 disables inlining.
    pub max_inline_nodes: usize,
    /// Write a line per compilation, OSR compilation and invalidation to the log.
    pub trace_compilation: bool,
    /// Write the IR of each compiled unit to the log.
    pub dump_ir: bool,
    /// Allocation removal: objects compiled code allocates stay in registers until they
    /// escape (partial escape analysis; on by default).
    pub allocation_removal: bool,
    /// Run the code generator's IR verifier on every unit before code generation (roughly
    /// doubles compile time; the test corpora turn it on).
    pub verify_ir: bool,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            compilation: true,
            compile_threshold_calls: 1000,
            osr_threshold_back_edges: 10_000,
            stress_invalidate_every: 0,
            stress_deopt_every: 0,
            max_recompilations: 16,
            max_call_depth: 100_000,
            max_compile_nodes: 5_000,
            max_inline_nodes: 100,
            trace_compilation: false,
            dump_ir: false,
            verify_ir: false,
            allocation_removal: true,
        }
    }
}

/// A compilation the compiler refused, as the engine recorded it (see [`Engine::refusals`]).
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The name of the call target.
    pub target: String,
    /// The whole target or one of its loops.
    pub unit: UnitKind,
    /// Why it was refused, by kind.
    pub bailout: Bailout,
    /// Only the attempt with inlining was refused: the unit was compiled without inlining.
    pub compiled_without_inlining: bool,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = if self.unit == UnitKind::OsrLoop { "a loop of " } else { "" };
        write!(f, "{unit}{}: {}", self.target, self.bailout)?;
        if self.compiled_without_inlining {
            f.write_str(" (with inlining; compiled without)")?;
        }
        Ok(())
    }
}

/// Builds an engine's compiler, or says why it cannot (the message of the error). Run once,
/// when the first compilation needs the compiler (see [`Engine::with_compiler_factory`]).
pub type CompilerFactory = Box<dyn FnOnce() -> Result<Box<dyn Compiler>, String>>;

/// Holds the options, the compiler (if any), retired code, refused compilations and the
/// trace log.
pub struct Engine {
    options: EngineOptions,
    /// The compiler once built (`None` inside: none, or its factory failed).
    compiler: OnceCell<Option<Box<dyn Compiler>>>,
    /// Builds the compiler on first use (a run that compiles nothing never builds it).
    factory: Cell<Option<CompilerFactory>>,
    /// Whether `options.compilation` is set and there is a compiler or a factory.
    compiles: bool,
    /// Why the factory failed (reported as each compilation's refusal).
    factory_error: RefCell<Option<String>>,
    /// Invalidated code: activations may still be running in it, so it is kept alive.
    retired: RefCell<Vec<Rc<dyn InstalledCode>>>,
    /// Every refused compilation, in order (a target is refused at most once per compilation
    /// it would have had, so the list stays as small as the program).
    refusals: RefCell<Vec<Refusal>>,
    /// Deoptimizations: the total, and the first [`MAX_DEOPT_EVENTS`] in order.
    deoptimizations: Cell<u64>,
    deopt_events: RefCell<Vec<DeoptEvent>>,
    log: RefCell<Box<dyn Write>>,
    /// The JSON event trace, when one was set ([`Engine::set_event_trace`]).
    events: RefCell<Option<EventTrace>>,
    /// When the engine was created: the events' time origin.
    created: Instant,
    /// Per call target (by address), the names of the call targets its compilations inlined,
    /// in the order first inlined (for tree graphs). Kept here, not in the call target,
    /// whose layout compiled code embeds.
    inlined: RefCell<FxHashMap<usize, Vec<String>>>,
}

/// A JSON-lines event stream and the first error writing it.
struct EventTrace {
    out: Box<dyn Write>,
    error: Option<std::io::Error>,
}

/// Deoptimization events an engine keeps in order ([`Engine::deopt_events`]); later ones are
/// only counted.
pub const MAX_DEOPT_EVENTS: usize = 10_000;

/// A transfer from compiled code to the interpreter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeoptEvent {
    /// The call target whose code deoptimized (the unit's, which may have inlined the node).
    pub target: String,
    /// The failed speculation: the node and its state, e.g. `AddNode: Long`.
    pub reason: String,
}

impl Engine {
    /// An engine with `options`, compiling with `compiler` when `options.compilation` is set.
    /// Traces go to standard error.
    pub fn new(options: EngineOptions, compiler: Option<Box<dyn Compiler>>) -> Rc<Engine> {
        Engine::with_log(options, compiler, Box::new(std::io::stderr()))
    }

    /// Like [`Engine::new`], with traces written to `log`.
    pub fn with_log(
        options: EngineOptions,
        compiler: Option<Box<dyn Compiler>>,
        log: Box<dyn Write>,
    ) -> Rc<Engine> {
        let compiler = if options.compilation { compiler } else { None };
        let compiles = compiler.is_some();
        Engine::build(options, OnceCell::from(compiler), None, compiles, log)
    }

    /// An engine with `options` whose compiler `factory` builds when the first compilation
    /// needs it, so that a short run that compiles nothing never pays for it; with traces
    /// written to `log`. If the factory fails, every compilation is refused with its message
    /// (an internal refusal) and the program runs interpreted.
    pub fn with_compiler_factory(
        options: EngineOptions,
        factory: CompilerFactory,
        log: Box<dyn Write>,
    ) -> Rc<Engine> {
        let compiles = options.compilation;
        let factory = compiles.then_some(factory);
        Engine::build(options, OnceCell::new(), factory, compiles, log)
    }

    fn build(
        options: EngineOptions,
        compiler: OnceCell<Option<Box<dyn Compiler>>>,
        factory: Option<CompilerFactory>,
        compiles: bool,
        log: Box<dyn Write>,
    ) -> Rc<Engine> {
        Rc::new(Engine {
            options,
            compiler,
            factory: Cell::new(factory),
            compiles,
            factory_error: RefCell::new(None),
            retired: RefCell::new(Vec::new()),
            refusals: RefCell::new(Vec::new()),
            deoptimizations: Cell::new(0),
            deopt_events: RefCell::new(Vec::new()),
            log: RefCell::new(log),
            events: RefCell::new(None),
            created: Instant::now(),
            inlined: RefCell::new(FxHashMap::default()),
        })
    }

    /// The options the engine was made with.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// The compiler, built by the engine's factory on the first call; `None` when the engine
    /// does not compile or the factory failed (see [`Engine::compiler_failure`]).
    pub fn compiler(&self) -> Option<&dyn Compiler> {
        self.compiler
            .get_or_init(|| {
                let factory = self.factory.take()?;
                factory().map_err(|e| *self.factory_error.borrow_mut() = Some(e)).ok()
            })
            .as_deref()
    }

    /// Why the compiler could not be built: the refusal of every compilation (`None` when
    /// it was built, or not tried yet, or the engine does not compile).
    pub fn compiler_failure(&self) -> Option<Bailout> {
        let error = self.factory_error.borrow();
        error.as_ref().map(|e| Bailout::Internal(Internal::Codegen(format!("no compiler: {e}"))))
    }

    /// Calls before compilation; `u32::MAX` when there is no compiler.
    #[inline]
    pub fn call_threshold(&self) -> u32 {
        if self.compiles {
            self.options.compile_threshold_calls.max(1)
        } else {
            u32::MAX
        }
    }

    /// Back edges before OSR compilation; `u32::MAX` when there is no compiler.
    #[inline]
    pub fn osr_threshold(&self) -> u32 {
        if self.compiles {
            self.options.osr_threshold_back_edges.max(1)
        } else {
            u32::MAX
        }
    }

    /// Every compilation refused so far, budget refusals included, in order.
    pub fn refusals(&self) -> Vec<Refusal> {
        self.refusals.borrow().clone()
    }

    /// The refusals that are not budget limits: unsupported input or internal errors. The test
    /// modes fail on any (no program may pass by silently staying interpreted).
    pub fn unexpected_refusals(&self) -> Vec<Refusal> {
        self.refusals.borrow().iter().filter(|r| !r.bailout.is_budget()).cloned().collect()
    }

    pub(crate) fn report_compiled(
        &self,
        target: &CallTarget,
        unit: UnitKind,
        reason: &str,
        stats: &CompileStats,
    ) {
        let name = target.name();
        if !stats.inlined.is_empty() {
            let mut inlined = self.inlined.borrow_mut();
            let names = inlined.entry(target as *const CallTarget as usize).or_default();
            for n in &stats.inlined {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        let what = unit.trace_verb();
        if let Some(bailout) = &stats.inlining_refused {
            self.record_refusal(name, unit, bailout, true);
            self.refusal_event(name, unit, bailout, true);
        }
        self.event(|| {
            serde_json::json!({
                "event": match unit { UnitKind::CallTarget => "compiled", UnitKind::OsrLoop => "osr_compiled" },
                "target": name,
                "nodes": stats.nodes,
                "ir_instructions": stats.ir_instructions,
                "code_bytes": stats.code_size_bytes,
                "compile_us": stats.elapsed_us,
                "reason": reason,
                "inlined": stats.inlined,
            })
        });
        if self.options.trace_compilation {
            let mut inlined = if stats.inlined.is_empty() {
                String::new()
            } else {
                format!(", inlined {}", stats.inlined.join(" "))
            };
            if let Some(bailout) = &stats.inlining_refused {
                inlined.push_str(&format!(", without inlining: {bailout}"));
            }
            self.log_line(&format!(
                "[bonsai] {what} {name}: {} nodes, {} IR instructions, {} bytes, {} us ({reason}{inlined})",
                stats.nodes, stats.ir_instructions, stats.code_size_bytes, stats.elapsed_us
            ));
        }
        if self.options.dump_ir {
            if let Some(ir) = &stats.ir_text {
                self.log_line(&format!("[bonsai] IR of {name} ({what}):\n{ir}"));
            }
        }
    }

    /// The names of the call targets that code compiled for `target` (its own or its loops')
    /// by this engine inlined, in any of its compilations, in the order first inlined.
    pub fn inlined_into(&self, target: &CallTarget) -> Vec<String> {
        self.inlined.borrow().get(&(target as *const CallTarget as usize)).cloned().unwrap_or_default()
    }

    /// The number of deoptimizations so far.
    pub fn deoptimizations(&self) -> u64 {
        self.deoptimizations.get()
    }

    /// The first [`MAX_DEOPT_EVENTS`] deoptimizations, in order.
    pub fn deopt_events(&self) -> Vec<DeoptEvent> {
        self.deopt_events.borrow().clone()
    }

    pub(crate) fn report_deoptimized(&self, name: &str, reason: &str) {
        self.deoptimizations.set(self.deoptimizations.get() + 1);
        let mut events = self.deopt_events.borrow_mut();
        if events.len() < MAX_DEOPT_EVENTS {
            events.push(DeoptEvent { target: name.to_string(), reason: reason.to_string() });
        }
        drop(events);
        self.event(|| serde_json::json!({ "event": "deoptimized", "target": name, "reason": reason }));
        if self.options.trace_compilation {
            self.log_line(&format!("[bonsai] deoptimized {name}: {reason}"));
        }
    }

    pub(crate) fn report_failed(&self, name: &str, unit: UnitKind, bailout: &Bailout) {
        self.record_refusal(name, unit, bailout, false);
        self.refusal_event(name, unit, bailout, false);
        if self.options.trace_compilation {
            self.log_line(&format!("[bonsai] compilation of {name} refused: {bailout}"));
        }
    }

    fn record_refusal(&self, name: &str, unit: UnitKind, bailout: &Bailout, compiled_without_inlining: bool) {
        self.refusals.borrow_mut().push(Refusal {
            target: name.to_string(),
            unit,
            bailout: bailout.clone(),
            compiled_without_inlining,
        });
    }

    pub(crate) fn retire(&self, code: Rc<dyn InstalledCode>, name: &str, reason: &str) {
        self.event(|| serde_json::json!({ "event": "invalidated", "target": name, "reason": reason }));
        if self.options.trace_compilation {
            self.log_line(&format!("[bonsai] invalidated {name}: {reason}"));
        }
        self.retired.borrow_mut().push(code);
    }

    /// Keeps invalidated code alive until no guest code runs (without a trace line: the
    /// invalidation itself was traced).
    pub(crate) fn retire_quietly(&self, code: Rc<dyn InstalledCode>) {
        self.retired.borrow_mut().push(code);
    }

    /// Drops retired code. Only call when no guest activation is running.
    pub fn release_retired_code(&self) {
        self.retired.borrow_mut().clear();
    }

    /// Sends the compilation events from now on to `out` as JSON lines (see the
    /// [module docs](self)), starting with a `start` event; replaces an earlier stream.
    pub fn set_event_trace(&self, out: Box<dyn Write>) {
        *self.events.borrow_mut() = Some(EventTrace { out, error: None });
        self.event(
            || serde_json::json!({ "event": "start", "format": "bonsai-compilation-trace", "version": 1 }),
        );
    }

    /// Ends the event trace with an `exit` event and flushes it. `Err`: the first error
    /// writing the trace (events after it were dropped). Without a trace, nothing happens.
    pub fn finish_event_trace(&self) -> std::io::Result<()> {
        self.event(|| serde_json::json!({ "event": "exit" }));
        let Some(mut trace) = self.events.borrow_mut().take() else { return Ok(()) };
        let flushed = trace.out.flush();
        match trace.error.take() {
            Some(e) => Err(e),
            None => flushed,
        }
    }

    /// Writes the event `make` builds, with its time, when there is an event trace (`make`
    /// runs only then: no cost without one).
    fn event(&self, make: impl FnOnce() -> serde_json::Value) {
        let mut events = self.events.borrow_mut();
        let Some(trace) = events.as_mut() else { return };
        if trace.error.is_some() {
            return;
        }
        let mut event = make();
        if let Some(fields) = event.as_object_mut() {
            let t_us = u64::try_from(self.created.elapsed().as_micros()).unwrap_or(u64::MAX);
            // `t_us` first, for readers of the raw file.
            let mut ordered = serde_json::Map::new();
            ordered.insert("t_us".to_string(), t_us.into());
            ordered.append(fields);
            event = serde_json::Value::Object(ordered);
        }
        if let Err(e) = writeln!(trace.out, "{event}") {
            trace.error = Some(e);
        }
    }

    fn refusal_event(&self, name: &str, unit: UnitKind, bailout: &Bailout, compiled_without_inlining: bool) {
        self.event(|| {
            let kind = match bailout {
                Bailout::Unsupported(_) => "unsupported",
                Bailout::Internal(_) => "internal",
                _ => "budget",
            };
            serde_json::json!({
                "event": "refused",
                "target": name,
                "unit": match unit { UnitKind::CallTarget => "call_target", UnitKind::OsrLoop => "osr_loop" },
                "kind": kind,
                "reason": bailout.to_string(),
                "compiled_without_inlining": compiled_without_inlining,
            })
        });
    }

    fn log_line(&self, line: &str) {
        let mut log = self.log.borrow_mut();
        let _ = writeln!(log, "{line}");
        let _ = log.flush();
    }
}

/// Runs `f` on a new thread with a native stack of `stack_bytes` bytes and returns its
/// result: guest code runs there so that deep guest recursion has room; whichever comes first,
/// the call-depth limit or the native stack limit (`bonsai::context`), is a guest error.
/// Panics of `f` are re-raised.
pub fn run_with_stack<T: Send + 'static>(
    stack_bytes: usize,
    f: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<T> {
    let handle = std::thread::Builder::new().name("bonsai-guest".into()).stack_size(stack_bytes).spawn(f)?;
    match handle.join() {
        Ok(v) => Ok(v),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The native stack size guest threads get by default, in bytes (1 GiB: reserved, not
/// committed, until used).
pub const GUEST_STACK_BYTES: usize = 1 << 30;
