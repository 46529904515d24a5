//! Call targets: roots with their counters and installed code.
//!
//! A [`CallTarget`] is a root: a frame descriptor and a body node, plus the counters that
//! decide when it is compiled and the machine code installed on it (the compiler interface is
//! [`crate::compiler`]). Call targets and function objects ([`crate::function`]) live as long
//! as the process (like the machine code, which the JIT never frees); guest *data* is
//! collected by the heap.

use crate::assumption::Assumption;
use crate::compiler::{Bailout, InstalledCode, UnitKind, OSR_WORK_FACTOR};
use crate::context::ExecContext;
use crate::engine::Engine;
use crate::error::GuestError;
use crate::exec::Interp;
use crate::frame::{Frame, FrameDescriptor};
use crate::node::{Node, TreeDump};
use crate::value::Value;

/// Function objects moved to [`crate::function`]; kept here for the language nodes that name
/// them through this path.
pub use crate::function::{Function, FunctionRef};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::{Rc, Weak};

/// A root node with its counters and installed code.
///
/// Lattice of a call target's code: interpreted → compiled → (invalidated → interpreted →
/// compiled)* → interpreted forever once `max_recompilations` is reached or a compile fails.
pub struct CallTarget {
    /// Address of installed machine code, 0 when none; read by compiled callers.
    entry: Cell<usize>,
    /// Address of the installed code's direct entry (the backend's calling convention for
    /// callers that know `parameter_count`), 0 when none; read by compiled callers.
    direct_entry: Cell<usize>,
    /// The number of arguments the tree reads (its parameters), when the language declared
    /// it (see [`CallTarget::with_parameters`]); `usize::MAX` when not.
    parameter_count: usize,
    name: String,
    descriptor: FrameDescriptor,
    body: Box<dyn Node>,
    code: RefCell<Option<Rc<dyn InstalledCode>>>,
    /// The engine whose compiler produced `code` (and whose options govern it).
    code_engine: RefCell<Weak<Engine>>,
    call_count: Cell<u32>,
    /// The call count when the tree last changed: warm-up restarts there.
    warm_since: Cell<u32>,
    compilations: Cell<u32>,
    version: Cell<u32>,
    compile_disabled: Cell<bool>,
    /// Invalidation stress: entries into compiled code since the last stress invalidation,
    /// and the current period (doubling after each, so stress stays frequent early and
    /// cheap in long runs).
    stress_entries: Cell<u32>,
    stress_period: Cell<u32>,
    /// Valid while the tree's specialization state is unchanged: compiled code that inlined
    /// this tree registers it and is invalidated when a node of the tree rewrites itself.
    tree_stable: RefCell<Rc<Assumption>>,
    /// Nodes in the tree (0: not counted yet). Trees change their state, not their shape.
    node_count: Cell<usize>,
    /// Nodes the OSR units of this target partially evaluated, compiled or refused (bounded
    /// by `OSR_WORK_FACTOR` times `node_count`, plus `max_compile_nodes`).
    osr_work_nodes: Cell<usize>,
    /// Transfers to the interpreter from code compiled for this target (its own or its loops').
    deoptimizations: Cell<u32>,
    /// The loop liveness of the tree and the version it was computed for (see
    /// [`CallTarget::loop_liveness`]).
    liveness: RefCell<Option<(u32, Rc<crate::exec::liveness::LoopLiveness>)>>,
}

impl CallTarget {
    /// Byte offset of the entry address word (`usize`, 0 when not compiled).
    pub const ENTRY_OFFSET: i32 = std::mem::offset_of!(CallTarget, entry) as i32;
    /// Byte offset of the direct entry address word (`usize`, 0 when the installed code has
    /// none or there is no code; see [`InstalledCode::direct_entry_address`]).
    pub const DIRECT_ENTRY_OFFSET: i32 = std::mem::offset_of!(CallTarget, direct_entry) as i32;
    /// Byte offset of the parameter count word (`usize`, `usize::MAX` when not declared), so
    /// that compiled callers that do not know the target can check an arity at run time.
    pub const PARAMETER_COUNT_OFFSET: i32 = std::mem::offset_of!(CallTarget, parameter_count) as i32;
    /// Byte offset of the version (`u32`, see [`CallTarget::version`]): compiled loops compare
    /// it with the version they were compiled for at every iteration.
    pub const VERSION_OFFSET: i32 = std::mem::offset_of!(CallTarget, version) as i32;

    /// A new call target for `body` with frame layout `descriptor`. It lives for the rest of
    /// the process.
    pub fn new(
        name: impl Into<String>,
        descriptor: FrameDescriptor,
        body: Box<dyn Node>,
    ) -> &'static CallTarget {
        CallTarget::build(name.into(), descriptor, None, body)
    }

    /// A new call target for `body`, whose tree reads arguments `0..parameter_count` only
    /// (its declared parameters; a call may pass fewer, which read as `Null`, or more, which
    /// the tree never sees). Knowing the count lets compiled callers pass the arguments in
    /// registers (see [`InstalledCode::direct_entry_address`]); a compilation of a tree that
    /// reads an argument past the count is refused.
    pub fn with_parameters(
        name: impl Into<String>,
        descriptor: FrameDescriptor,
        parameter_count: usize,
        body: Box<dyn Node>,
    ) -> &'static CallTarget {
        CallTarget::build(name.into(), descriptor, Some(parameter_count), body)
    }

    fn build(
        name: String,
        descriptor: FrameDescriptor,
        parameter_count: Option<usize>,
        body: Box<dyn Node>,
    ) -> &'static CallTarget {
        Box::leak(Box::new(CallTarget {
            entry: Cell::new(0),
            direct_entry: Cell::new(0),
            parameter_count: parameter_count.unwrap_or(usize::MAX),
            name,
            descriptor,
            body,
            code: RefCell::new(None),
            code_engine: RefCell::new(Weak::new()),
            call_count: Cell::new(0),
            warm_since: Cell::new(0),
            compilations: Cell::new(0),
            version: Cell::new(0),
            compile_disabled: Cell::new(false),
            stress_entries: Cell::new(0),
            stress_period: Cell::new(0),
            tree_stable: RefCell::new(Rc::new(Assumption::new("inlined tree rewritten"))),
            node_count: Cell::new(0),
            osr_work_nodes: Cell::new(0),
            deoptimizations: Cell::new(0),
            liveness: RefCell::new(None),
        }))
    }

    /// The call target's name, in traces and dumps.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The frame slots live at each loop header of the tree in its current state
    /// ([`crate::exec::liveness::loop_liveness`]), computed once per version of the tree: a
    /// rewrite changes the version (`report_rewrite`), so every compilation of one version
    /// (a function's OSR units, each loop of a deep nest compiled in turn) shares one analysis,
    /// whose cost grows with the tree's size times its loop nesting.
    pub fn loop_liveness(&self) -> Rc<crate::exec::liveness::LoopLiveness> {
        let version = self.version();
        if let Some((v, liveness)) = &*self.liveness.borrow() {
            if *v == version {
                return liveness.clone();
            }
        }
        let liveness = Rc::new(crate::exec::liveness::loop_liveness(self));
        *self.liveness.borrow_mut() = Some((version, liveness.clone()));
        liveness
    }

    /// Address of the installed code's direct entry (0: none; see
    /// [`InstalledCode::direct_entry_address`]).
    pub fn direct_entry(&self) -> usize {
        self.direct_entry.get()
    }

    /// The number of parameters, when declared (see [`CallTarget::with_parameters`]).
    pub fn parameter_count(&self) -> Option<usize> {
        (self.parameter_count != usize::MAX).then_some(self.parameter_count)
    }

    /// The frame layout of the tree's activations.
    pub fn frame_descriptor(&self) -> &FrameDescriptor {
        &self.descriptor
    }

    /// The root node of the tree.
    pub fn body(&self) -> &dyn Node {
        &*self.body
    }

    /// Calls through [`CallTarget::call`] so far (compiled callers that call the machine code
    /// directly do not count).
    pub fn call_count(&self) -> u32 {
        self.call_count.get()
    }

    /// Number of times this target (or a loop of it) was compiled.
    pub fn compilations(&self) -> u32 {
        self.compilations.get()
    }

    /// Bumped at each invalidation; OSR code records the version it was compiled for.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    /// Whether machine code is installed for the whole target.
    pub fn is_compiled(&self) -> bool {
        self.code.borrow().is_some()
    }

    /// Number of nodes in the tree (one per line of its dump), counted once.
    pub fn node_count(&self) -> usize {
        if self.node_count.get() == 0 {
            let mut w = TreeDump::new();
            self.body.dump(&mut w);
            self.node_count.set(w.finish().lines().count().max(1));
        }
        self.node_count.get()
    }

    /// The assumption that the tree's specialization state does not change (see
    /// [`CallTarget::report_rewrite`]). Compiled code that inlined the tree registers it.
    pub fn tree_stable(&self) -> Rc<Assumption> {
        self.tree_stable.borrow().clone()
    }

    /// Records that a node of this tree changed its specialization: the code compiled for the
    /// tree, and code that inlined it (through [`CallTarget::tree_stable`]), no longer match it
    /// and are invalidated.
    pub fn report_rewrite(&self) {
        let old = self.tree_stable.replace(Rc::new(Assumption::new("inlined tree rewritten")));
        old.invalidate();
        self.invalidate("node rewritten");
    }

    /// The specialized tree as a Graphviz graph (see [`crate::node::graph::call_target_dot`]):
    /// `engine` knows which call targets its compiled code inlined, `lookup` finds them by
    /// name.
    pub fn dump_dot(&self, engine: &Engine, lookup: &dyn Fn(&str) -> Option<&'static CallTarget>) -> String {
        crate::node::graph::call_target_dot(self, engine, lookup)
    }

    /// The specialized tree as text.
    pub fn dump(&self) -> String {
        let mut w = TreeDump::new();
        w.line(format_args!(
            "{} (calls {}, compilations {})",
            self.name,
            self.call_count(),
            self.compilations()
        ));
        if !self.descriptor.is_empty() {
            let slots: Vec<String> = self
                .descriptor
                .slots()
                .map(|(slot, info)| format!("{} {slot} {:?}", info.name, info.kind()))
                .collect();
            w.line(format_args!("  frame: {}", slots.join(", ")));
        }
        w.indented(|w| self.body.dump(w));
        w.finish()
    }

    /// Calls the target with `args`: runs installed code, compiles when hot, or interprets.
    ///
    /// `extern "C-unwind"` for the reason [`Node::execute_interp`] is: the 16-byte result
    /// comes back in two registers rather than through memory, on every interpreted call.
    #[inline]
    #[allow(improper_ctypes_definitions)]
    pub extern "C-unwind" fn call(
        &'static self,
        ctx: &ExecContext,
        args: &[Value],
    ) -> Result<Value, GuestError> {
        if !ctx.try_enter() {
            return Err(ctx.stack_overflow());
        }
        let count = self.call_count.get().saturating_add(1);
        self.call_count.set(count);
        // Heap exhaustion anywhere in the activation (the interpreter's allocations) ends it
        // with the out-of-memory guest error; compiled code's runtime calls catch their own.
        // No installed code (its entry address is 0 exactly then) and not yet hot.
        let caught = if self.entry.get() == 0
            && (self.compile_disabled.get()
                || count.saturating_sub(self.warm_since.get()) < ctx.call_threshold())
        {
            // Interpreted until hot (the common case of a short run), with no other call
            // between the catch and the tree.
            crate::heap::catch_exhaustion(|| self.interpret(ctx, args))
        } else {
            crate::heap::catch_exhaustion(|| self.call_code(ctx, args, count))
        };
        ctx.leave();
        match caught {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(mut e)) => {
                e.push_frame(&self.name);
                Err(e)
            }
            Err(exhausted) => {
                let mut e = exhausted.to_guest_error();
                e.push_frame(&self.name);
                Err(e)
            }
        }
    }

    /// A call of a target that has code, or is hot enough to be compiled (counted in `count`).
    #[inline(never)]
    fn call_code(&'static self, ctx: &ExecContext, args: &[Value], count: u32) -> Result<Value, GuestError> {
        if self.code.borrow().is_some()
            && !std::ptr::eq(self.code_engine.borrow().as_ptr(), Rc::as_ptr(ctx.engine()))
        {
            // Code compiled under another engine (other options): not this run's to use.
            self.invalidate("compiled by another engine");
        }
        let mut code = self.code.borrow().clone();
        if code.is_none()
            && !self.compile_disabled.get()
            && count.saturating_sub(self.warm_since.get()) >= ctx.call_threshold()
        {
            code = self.compile(ctx);
        }
        if let Some(code) = code {
            self.stress_tick(ctx.engine());
            return code.invoke(ctx, self, args);
        }
        self.interpret(ctx, args)
    }

    /// Number of times code compiled for this target deoptimized (left to the interpreter).
    pub fn deoptimizations(&self) -> u32 {
        self.deoptimizations.get()
    }

    /// Records a deoptimization of code compiled for this target, with `reason` (the failed
    /// speculation), in the target's count and the engine's trace.
    pub fn report_deoptimization(&self, ctx: &ExecContext, reason: &str) {
        self.deoptimizations.set(self.deoptimizations.get().saturating_add(1));
        ctx.engine().report_deoptimized(&self.name, reason);
    }

    /// Resumes frame `index` of `record` — an activation of this target that compiled code
    /// had inlined into its caller — as an interpreter call on `args`: entered like
    /// [`CallTarget::call`] (depth, out-of-memory, the frame of a failing call in the trace),
    /// then replayed and finished by the interpreter (see [`crate::exec::resume`]).
    pub fn resume_call(
        &'static self,
        ctx: &ExecContext,
        record: &crate::exec::DeoptRecord,
        index: usize,
        args: &[Value],
    ) -> Result<Value, GuestError> {
        ctx.enter()?;
        let result =
            crate::heap::catch_exhaustion(|| crate::exec::resume::resume_frame(ctx, record, index, args))
                .unwrap_or_else(|exhausted| Err(exhausted.to_guest_error()));
        ctx.leave();
        result.map_err(|mut e| {
            e.push_frame(&self.name);
            e
        })
    }

    /// Runs the tree in the interpreter.
    #[inline]
    pub fn interpret(&'static self, ctx: &ExecContext, args: &[Value]) -> Result<Value, GuestError> {
        Frame::run(&self.descriptor, args, |frame| {
            let mut frame = frame;
            let mut interp = Interp::new(ctx, self, &mut frame);
            // SAFETY: `interp` stays in this scope, in place, until `linked` is dropped.
            let linked = unsafe { interp.link() };
            let result = self.body.execute_interp(&mut interp);
            let result = interp.complete(result);
            drop(linked);
            result
        })
    }

    fn compile(&'static self, ctx: &ExecContext) -> Option<Rc<dyn InstalledCode>> {
        let engine = ctx.engine();
        let Some(compiler) = engine.compiler() else {
            self.refuse_without_compiler(engine, UnitKind::CallTarget);
            return None;
        };
        let reason = format!("{} calls", self.call_count().saturating_sub(self.warm_since.get()));
        match compiler.compile(self) {
            Ok(compiled) => {
                engine.report_compiled(self, UnitKind::CallTarget, &reason, &compiled.stats);
                self.compilations.set(self.compilations.get() + 1);
                self.entry.set(compiled.code.entry_address());
                self.direct_entry.set(compiled.code.direct_entry_address());
                *self.code.borrow_mut() = Some(compiled.code.clone());
                *self.code_engine.borrow_mut() = Rc::downgrade(engine);
                Some(compiled.code)
            }
            Err(bailout) => {
                engine.report_failed(&self.name, UnitKind::CallTarget, &bailout);
                self.compile_disabled.set(true);
                None
            }
        }
    }

    /// Compiles `loop_node` for on-stack replacement; `None` if not possible.
    pub(crate) fn compile_osr(
        &'static self,
        ctx: &ExecContext,
        loop_node: &dyn Node,
    ) -> Option<Rc<dyn InstalledCode>> {
        if self.compile_disabled.get() {
            return None;
        }
        let engine = ctx.engine();
        let Some(compiler) = engine.compiler() else {
            self.refuse_without_compiler(engine, UnitKind::OsrLoop);
            return None;
        };
        // Plus one compile budget: an OSR unit counts the callees inlined into it too, and a
        // loop recompiled after a deoptimization counts again, so a small function whose
        // loop inlines calls would otherwise exhaust its budget on its second compilation.
        let limit = OSR_WORK_FACTOR
            .saturating_mul(self.node_count())
            .saturating_add(engine.options().max_compile_nodes);
        let spent = self.osr_work_nodes.get();
        if spent > limit {
            engine.report_failed(&self.name, UnitKind::OsrLoop, &Bailout::OsrWorkBudget { spent, limit });
            return None;
        }
        match compiler.compile_osr(self, loop_node) {
            Ok(compiled) => {
                self.osr_work_nodes.set(spent.saturating_add(compiled.stats.nodes));
                engine.report_compiled(self, UnitKind::OsrLoop, "hot loop", &compiled.stats);
                self.compilations.set(self.compilations.get() + 1);
                Some(compiled.code)
            }
            Err(bailout) => {
                // A refused unit was partially evaluated up to its budget (or its whole tree).
                let nodes = match bailout {
                    Bailout::NodeBudget { nodes, .. } => nodes,
                    _ => engine.options().max_compile_nodes.min(self.node_count()),
                };
                self.osr_work_nodes.set(spent.saturating_add(nodes));
                engine.report_failed(&self.name, UnitKind::OsrLoop, &bailout);
                None
            }
        }
    }

    /// Refuses a compilation because the engine's compiler could not be built (nothing to do
    /// when the engine does not compile): this target stays interpreted.
    fn refuse_without_compiler(&self, engine: &Engine, unit: UnitKind) {
        if let Some(bailout) = engine.compiler_failure() {
            engine.report_failed(&self.name, unit, &bailout);
            self.compile_disabled.set(true);
        }
    }

    /// Counts an entry into compiled code under invalidation stress and invalidates the code
    /// every `stress_invalidate_every` entries, the period doubling after each invalidation.
    pub(crate) fn stress_tick(&self, engine: &Engine) {
        let every = engine.options().stress_invalidate_every;
        if every == 0 {
            return;
        }
        if self.stress_period.get() == 0 {
            self.stress_period.set(every);
        }
        let n = self.stress_entries.get() + 1;
        if n >= self.stress_period.get() {
            self.stress_entries.set(0);
            self.stress_period.set(self.stress_period.get().saturating_mul(2));
            self.invalidate("stress");
        } else {
            self.stress_entries.set(n);
        }
    }

    /// Invalidates the code compiled for this tree (its own and its loops'), because the
    /// tree changed (`reason`). The running activations finish in the old code, which is kept
    /// alive by the engine; calls from now on interpret until the target is hot again. Past
    /// the engine's recompilation bound the target stays interpreted.
    ///
    /// The code is retired to the engine that compiled it; when that engine is gone no guest
    /// code of it runs, and the code is dropped.
    pub fn invalidate(&self, reason: &str) {
        self.version.set(self.version.get().wrapping_add(1));
        let old = self.code.borrow_mut().take();
        self.entry.set(0);
        self.direct_entry.set(0);
        self.warm_since.set(self.call_count.get());
        let Some(engine) = self.code_engine.borrow().upgrade() else { return };
        if let Some(code) = old {
            engine.retire(code, &self.name, reason);
        }
        if reason != "stress" && self.compilations.get() >= engine.options().max_recompilations {
            self.compile_disabled.set(true);
        }
    }
}

impl fmt::Debug for CallTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CallTarget({})", self.name)
    }
}
