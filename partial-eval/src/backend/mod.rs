//! The Cranelift backend: the JIT module, the calling convention of compiled units, and
//! installed code.
//!
//! Calling convention of every compiled unit (`extern "C"`, all words 64-bit):
//! `(ctx: *const ExecContext, target: *const CallTarget, frame: *const Activation, args: *const Value,
//! nargs: usize, out: *mut Value) -> u32 status`. `frame` is the interpreter activation's
//! record ([`bonsai::context::Activation`]) for OSR units and null otherwise. Status 0: returned normally (a call's result, or an OSR
//! loop that completed) with the value in `*out`; 1: a guest error is pending in `ctx`;
//! 2: an OSR loop executed `return`, value in `*out`.
//!
//! Root units of call targets that declare their parameter count `n`
//! ([`CallTarget::parameter_count`], at most [`runtime::MAX_DIRECT_PARAMETERS`]) are compiled
//! with the *direct* convention instead, the one compiled callers that know the target use
//! ([`CallTarget::DIRECT_ENTRY_OFFSET`]): `(ctx: *const ExecContext, depth: u32, tag0: u64,
//! payload0: u64, …, tag(n-1), payload(n-1)) -> (tag: u64, payload: u64)`. The arguments and
//! the result are in registers (as many as the platform passes there); `depth` is the
//! activation's call depth, which the code stores into the context only around its
//! safepoints; a failed call returns tag [`runtime::ERROR_TAG`] with its error pending in the
//! context. Their unit-convention entry is [`runtime::enter_direct`], which calls the direct
//! entry, so callers that do not know the target call them as any other unit.

pub(crate) mod runtime;

use bonsai::call::CallTarget;
use bonsai::compiler::{InstalledCode, OsrExit};
use bonsai::context::{Activation, ExecContext};
use bonsai::error::GuestError;
use bonsai::exec::BoundaryFn;
use bonsai::frame::Frame;
use bonsai::value::Value;
use runtime::{STATUS_DEOPT, STATUS_OK, STATUS_RETURNED};

/// A boundary closure kept alive by installed code. Double-boxed so that the code can embed
/// a thin pointer to the (fat) inner box, whose address never changes.
#[allow(clippy::vec_box)]
pub(crate) type BoundaryHolder = Box<Box<BoundaryFn<'static>>>;

type EntryFn = unsafe extern "C" fn(
    *const ExecContext,
    *const CallTarget,
    *const Activation,
    *const Value,
    usize,
    *mut Value,
) -> u32;

/// Machine code of one compiled unit, with the boundary closures it calls.
pub struct JitCode {
    entry: *const u8,
    /// Root units with the direct convention: `entry` is the direct entry, of this arity.
    direct_arity: Option<usize>,
    /// Referenced by address from the code; dropped only after the code can no longer run
    /// (the engine retires invalidated code instead of dropping it).
    _boundaries: Vec<BoundaryHolder>,
    /// The transfer points the code passes to the runtime when it deoptimizes, and its
    /// deoptimization stress counters.
    _deopt: crate::evaluator::DeoptData,
}

impl JitCode {
    pub(crate) fn new(
        entry: *const u8,
        direct_arity: Option<usize>,
        boundaries: Vec<BoundaryHolder>,
        deopt: crate::evaluator::DeoptData,
    ) -> JitCode {
        JitCode { entry, direct_arity, _boundaries: boundaries, _deopt: deopt }
    }

    fn run(
        &self,
        ctx: &ExecContext,
        target: &CallTarget,
        frame: *const Activation,
        args: &[Value],
    ) -> (u32, Value) {
        let mut out = Value::Null;
        // SAFETY: `entry` is the finalized address of a function compiled with the unit
        // calling convention above; the JIT module that owns the memory is never freed.
        let f: EntryFn = unsafe { std::mem::transmute::<*const u8, EntryFn>(self.entry) };
        // The depth as the unit found it, restored after: compiled code stores a depth into the
        // context only around its safepoints, so the last one stored — a callee's, deeper —
        // may still be there when the unit returns (an OSR loop's calls leaked one level per
        // callee that stored its depth, until the depth limit failed a shallow program).
        let depth = ctx.depth();
        // SAFETY: all pointers are valid for the call; `frame` is null or the linked record of
        // an interpreter activation of `target`.
        let status = unsafe { f(ctx, target, frame, args.as_ptr(), args.len(), &mut out) };
        ctx.restore_depth(depth);
        (status, out)
    }
}

impl InstalledCode for JitCode {
    fn entry_address(&self) -> usize {
        match self.direct_arity {
            Some(_) => runtime::enter_direct as *const () as usize,
            None => self.entry as usize,
        }
    }

    fn direct_entry_address(&self) -> usize {
        match self.direct_arity {
            Some(_) => self.entry as usize,
            None => 0,
        }
    }

    fn invoke(&self, ctx: &ExecContext, target: &CallTarget, args: &[Value]) -> Result<Value, GuestError> {
        if let Some(arity) = self.direct_arity {
            // SAFETY: `entry` is a direct entry compiled for `arity` parameters.
            return unsafe { runtime::call_direct(self.entry as usize, arity, ctx, args) };
        }
        match self.run(ctx, target, std::ptr::null(), args) {
            (STATUS_OK, v) => Ok(v),
            _ => Err(ctx.take_pending_error()),
        }
    }

    fn invoke_osr(
        &self,
        ctx: &ExecContext,
        target: &CallTarget,
        frame: &mut Frame<'_>,
    ) -> Result<OsrExit, GuestError> {
        if frame.slots.len() < target.frame_descriptor().len() {
            return Err(GuestError::new("internal error: OSR frame smaller than its descriptor"));
        }
        // The OSR unit keeps the frame through the activation's record, which the
        // interpreter linked when it started running on `frame`.
        let record = ctx.top_activation();
        // SAFETY: a linked record belongs to a running activation.
        if record.is_null() || unsafe { (*record).slots_ptr() } != frame.slots.as_ptr() {
            return Err(GuestError::new("internal error: OSR entry without the frame's activation record"));
        }
        let args = frame.args;
        match self.run(ctx, target, record, args) {
            (STATUS_OK, _) => Ok(OsrExit::Completed),
            (STATUS_RETURNED, v) => Ok(OsrExit::Returned(v)),
            (STATUS_DEOPT, _) => match ctx.take_pending_deopt() {
                Some(record) => Ok(OsrExit::Deoptimized(record)),
                None => Err(GuestError::new("internal error: OSR code deoptimized without a record")),
            },
            _ => Err(ctx.take_pending_error()),
        }
    }
}
