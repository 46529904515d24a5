//! On-stack replacement of hot loops.
//!
//! A loop node owns an [`OsrPoint`]. The interpreter counts the loop's back edges on it;
//! once they pass the engine's threshold, the loop node alone is compiled as its own unit
//! whose entry loads the interpreter frame's slots into SSA variables and whose exits store
//! them back (the only places a frame is materialized). The interpreter then runs the rest
//! of the loop in that code and continues after the loop, or returns, with its result.

use crate::compiler::{InstalledCode, OsrExit};
use crate::error::GuestError;
use crate::exec::{Domain, Interp, Resume, Unwind};
use crate::node::Node;
use crate::object::{Shape, ShapeRef};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The on-stack-replacement state of one loop: its back-edge count and compiled code.
#[derive(Default)]
pub struct OsrPoint {
    back_edges: Cell<u32>,
    /// The code and the version of the call target's tree it was compiled for.
    code: RefCell<Option<(u32, Rc<dyn InstalledCode>)>>,
    failed: Cell<bool>,
    /// Slots (bit `i`: slot `i`; slots from 64 on share bit 63) compiled code must not pin as
    /// integers at this loop's entry: entered once without an `Int` there (e.g. a local first
    /// assigned inside the loop), see `OsrPoint::unpin`.
    unpinned: Cell<u64>,
    /// Compiled code entered the loop with an object it had not allocated (a virtual object of
    /// the partial evaluator) and the object escaped inside the loop: compiled code allocates
    /// the objects made before the loop when it starts (see `OsrPoint::materialize_at_entry`).
    materialize_at_entry: Cell<bool>,
    /// Inline slots (by shape and index) of objects compiled code kept virtual through the
    /// loop that it took as invariant and met changed at the back edge: recompiled code
    /// merges them at the loop's header (see `OsrPoint::slot_varies`).
    varying_slots: RefCell<Vec<(*const Shape, usize)>>,
}

impl OsrPoint {
    /// A point with no back edges counted and no code.
    pub fn new() -> OsrPoint {
        OsrPoint::default()
    }

    /// Whether compiled code may pin `slot` as an integer at this loop's entry.
    pub fn may_pin(&self, slot: usize) -> bool {
        self.unpinned.get() & (1 << slot.min(63)) == 0
    }

    /// Records that the loop was entered with `slot` not an `Int` although compiled code
    /// pinned it there: recompiled code checks the slot's tag where it is used instead. Only
    /// this loop is affected (the slot's kind stays, so inner loops, where it is assigned
    /// before they start, still pin it).
    pub fn unpin(&self, slot: usize) {
        self.unpinned.set(self.unpinned.get() | 1 << slot.min(63));
    }

    /// Whether compiled code may enter the loop with objects it has not allocated (virtual:
    /// their fields in registers), speculating that they stay so through every iteration.
    pub fn keeps_objects_virtual(&self) -> bool {
        !self.materialize_at_entry.get()
    }

    /// Records that such an object escaped inside the loop (compiled code met it at the back
    /// edge allocated, or held differently than at the entry, and deoptimized): recompiled
    /// code allocates the objects made before the loop at its entry. Like
    /// [`OsrPoint::unpin`], it holds for every unit that compiles this loop.
    pub fn materialize_at_entry(&self) {
        self.materialize_at_entry.set(true);
    }

    /// Whether inline slot `slot` of virtual objects of `shape` that compiled code keeps
    /// through the loop changes in it (learned: see [`OsrPoint::learn_slot_varies`]). Slots
    /// not known to change, whose value is a constant at the loop's entry, are taken as
    /// invariant (a block's function, a home marker's flag), so what depends on them folds
    /// inside the loop too.
    pub fn slot_varies(&self, shape: ShapeRef, slot: usize) -> bool {
        self.varying_slots.borrow().iter().any(|&(s, i)| std::ptr::eq(s, shape) && i == slot)
    }

    /// Records that inline slot `slot` of an object of `shape` kept virtual through the loop
    /// changed in it (compiled code that took it as invariant deoptimized at the back edge).
    pub fn learn_slot_varies(&self, shape: ShapeRef, slot: usize) {
        if !self.slot_varies(shape, slot) {
            self.varying_slots.borrow_mut().push((shape as *const Shape, slot));
        }
    }

    /// Back edges counted since the loop last (re)started warming up.
    pub fn back_edges(&self) -> u32 {
        self.back_edges.get()
    }

    #[inline]
    pub(crate) fn count_back_edge(&self) {
        self.back_edges.set(self.back_edges.get().saturating_add(1));
    }

    #[inline]
    pub(crate) fn is_hot_for(&self, threshold: u32) -> bool {
        !self.failed.get() && self.back_edges.get() >= threshold
    }

    /// Runs the rest of the loop compiled, compiling it first if needed. `None` when the
    /// loop cannot be compiled (no compiler, budget exceeded, recompilation bound reached).
    pub(crate) fn run_compiled(
        &self,
        interp: &mut Interp<'_>,
        loop_node: &dyn Node,
    ) -> Option<Result<OsrExit, GuestError>> {
        let target = interp.target();
        let version = target.version();
        let current = match &*self.code.borrow() {
            Some((v, code)) if *v == version => Some(Some(code.clone())),
            Some(_) => None,
            None => Some(None),
        };
        let code = match current {
            // The tree changed since this loop was compiled: warm up again.
            None => {
                self.reset(interp.ctx.engine());
                return None;
            }
            Some(Some(code)) => code,
            Some(None) => match target.compile_osr(interp.ctx, loop_node) {
                Some(code) => {
                    *self.code.borrow_mut() = Some((target.version(), code.clone()));
                    code
                }
                None => {
                    self.failed.set(true);
                    return None;
                }
            },
        };
        let ctx = interp.ctx;
        target.stress_tick(ctx.engine());
        Some(code.invoke_osr(ctx, target, &mut interp.frame()))
    }

    /// Runs the rest of the loop compiled (see [`OsrPoint::run_compiled`]) and maps how it
    /// ended to the interpreter's completion: `Ok` after the loop, `Err(Return)` for a
    /// `return` inside it. Code that deoptimized inside the loop is resumed here: the loop
    /// node is replayed from the record up to the end of the iteration it left. `None`: the
    /// interpreter's loop goes on (the loop cannot be compiled, or its code deoptimized and
    /// the resumed iteration is done).
    pub(crate) fn enter(&self, interp: &mut Interp<'_>, loop_node: &dyn Node) -> Option<Result<(), Unwind>> {
        let exit = self.run_compiled(interp, loop_node)?;
        Some(match exit {
            Err(e) => Err(interp.throw(e)),
            Ok(OsrExit::Completed) => Ok(()),
            Ok(OsrExit::Returned(v)) => Err(interp.unwind(crate::exec::Control::Return(v))),
            Ok(OsrExit::Deoptimized(record)) => {
                let mut resume = Resume::osr(interp, &record);
                let result = resume.execute(loop_node);
                let result = resume.finish(result).map(|_| ());
                if result.is_ok() && resume.iteration_continues() {
                    // The resumed iteration is done: the caller's loop runs the next one
                    // (and may enter compiled code again).
                    return None;
                }
                result
            }
        })
    }

    /// Forgets the loop's compiled code, which speculated wrongly on the loop's entry (see
    /// [`OsrPoint::unpin`]): the loop stays hot, so its next back edge compiles it again
    /// with what was learned. The code is retired, not dropped (it is running).
    pub fn discard(&self, engine: &crate::engine::Engine) {
        if let Some((_, code)) = self.code.borrow_mut().take() {
            engine.retire_quietly(code);
        }
    }

    /// Forgets compiled code and restarts warm-up (after the tree changed). The code is
    /// retired, not dropped: an outer activation of the same loop may still be running in it.
    fn reset(&self, engine: &crate::engine::Engine) {
        self.back_edges.set(0);
        self.discard(engine);
    }
}
