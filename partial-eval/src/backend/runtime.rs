//! Runtime functions called by compiled code: the out-of-line halves of calls and
//! boundaries. Each returns a status: 0 = a value was stored to `out`, 1 = an error is
//! pending in the [`ExecContext`].

use crate::evaluator::{DeoptPoint, Learn, PointStep};
use bonsai::call::CallTarget;
use bonsai::context::{Activation, ExecContext};
use bonsai::error::GuestError;
use bonsai::exec::resume::{FrameRecord, Step};
use bonsai::exec::{BoundaryFn, DeoptRecord, Interp};
use bonsai::frame::Frame;
use bonsai::function::Function;
use bonsai::heap;
use bonsai::object::{DynamicObject, Shape};
use bonsai::value::Value;

pub(crate) const STATUS_OK: u32 = 0;
pub(crate) const STATUS_ERROR: u32 = 1;
pub(crate) const STATUS_RETURNED: u32 = 2;
/// An OSR unit deoptimized: its record waits in the context ([`ExecContext::take_pending_deopt`]).
pub(crate) const STATUS_DEOPT: u32 = 3;

/// The tag word a direct entry returns when the call failed: its error is pending in the
/// [`ExecContext`]. No [`bonsai::value::Tag`] has it.
pub(crate) const ERROR_TAG: u64 = u64::MAX;

/// The most parameters a call target may have for its root unit to get a direct entry.
pub(crate) const MAX_DIRECT_PARAMETERS: usize = 6;

/// What a direct entry returns: the result's tag and payload words, in the two return
/// registers of the platform's C convention (on x86-64 `rax` and `rdx`, as Cranelift returns
/// two `i64`s). Tag [`ERROR_TAG`]: the call failed.
#[repr(C)]
pub(crate) struct DirectResult {
    tag: u64,
    payload: u64,
}

/// Calls the direct entry at `entry` of a root unit with `arity` parameters (see
/// [`crate::backend`]) on `args` (missing arguments are `Null`, extra ones dropped), at the
/// context's current depth, and sets the depth back afterwards.
///
/// # Safety
/// `entry` is the direct entry of installed code compiled with `arity` parameters.
pub(crate) unsafe fn call_direct(
    entry: usize,
    arity: usize,
    ctx: &ExecContext,
    args: &[Value],
) -> Result<Value, GuestError> {
    let mut w = [0u64; 2 * MAX_DIRECT_PARAMETERS];
    for (i, a) in args.iter().take(arity.min(MAX_DIRECT_PARAMETERS)).enumerate() {
        w[2 * i] = a.tag().bits();
        w[2 * i + 1] = a.payload_bits();
    }
    let depth = ctx.depth();
    let c = ctx as *const ExecContext;
    macro_rules! call {
        ($($i:literal)*) => {{
            type F = unsafe extern "C" fn(*const ExecContext, u32 $(, call!(@word $i), u64)*) -> DirectResult;
            // SAFETY: the caller guarantees `entry` has this signature.
            let f: F = unsafe { std::mem::transmute::<usize, F>(entry) };
            // SAFETY: see above; the context outlives the call.
            unsafe { f(c, depth $(, w[2 * $i], w[2 * $i + 1])*) }
        }};
        (@word $i:literal) => { u64 };
    }
    let r = match arity {
        0 => call!(),
        1 => call!(0),
        2 => call!(0 1),
        3 => call!(0 1 2),
        4 => call!(0 1 2 3),
        5 => call!(0 1 2 3 4),
        6 => call!(0 1 2 3 4 5),
        _ => return Err(GuestError::new("internal error: a direct entry with too many parameters")),
    };
    ctx.restore_depth(depth);
    if r.tag == ERROR_TAG {
        return Err(ctx.take_pending_error());
    }
    let words = [r.tag, r.payload];
    // SAFETY: compiled code returns the tag and payload words of a `Value` it computed, the
    // representation of a `Value` (`#[repr(C, u64)]`).
    Ok(unsafe { words.as_ptr().cast::<Value>().read_unaligned() })
}

/// The unit calling convention's entry of every root unit that has a direct entry (what
/// [`CallTarget::ENTRY_OFFSET`] holds for it): calls `target`'s direct entry on `args` (see
/// [`call_direct`]). Compiled callers that do not know the target at compile time call this.
pub(crate) unsafe extern "C" fn enter_direct(
    ctx: *const ExecContext,
    target: *const CallTarget,
    _frame: *const Activation,
    args: *const Value,
    nargs: usize,
    out: *mut Value,
) -> u32 {
    // SAFETY: as in `call_target`.
    let (ctx, target, args) = unsafe { call_operands(ctx, target, args, nargs) };
    let result = match (target.direct_entry(), target.parameter_count()) {
        // SAFETY: a target's direct entry was compiled for its parameter count.
        (entry, Some(arity)) if entry != 0 => unsafe { call_direct(entry, arity, ctx, args) },
        _ => Err(GuestError::new("internal error: a unit-convention call of a direct entry without code")),
    };
    finish(ctx, result, out)
}

/// The context, call target and argument slice a runtime call was passed.
///
/// # Safety
/// `ctx` is the context compiled code was entered with, `target` a call target (they live for
/// the process), and `args` as in [`args_slice`].
unsafe fn call_operands<'a>(
    ctx: *const ExecContext,
    target: *const CallTarget,
    args: *const Value,
    nargs: usize,
) -> (&'a ExecContext, &'a CallTarget, &'a [Value]) {
    // SAFETY: see above.
    unsafe { (&*ctx, &*target, args_slice(args, nargs)) }
}

/// Builds the argument slice of a runtime call.
///
/// # Safety
/// `args` points to `nargs` initialized values (or `nargs` is 0).
unsafe fn args_slice<'a>(args: *const Value, nargs: usize) -> &'a [Value] {
    if nargs == 0 {
        &[]
    } else {
        // SAFETY: compiled code passes a stack array of `nargs` values it just stored.
        unsafe { std::slice::from_raw_parts(args, nargs) }
    }
}

fn finish(ctx: &ExecContext, result: Result<Value, GuestError>, out: *mut Value) -> u32 {
    match result {
        Ok(v) => {
            // SAFETY: `out` is a 16-byte stack slot of the calling compiled code.
            unsafe { out.write(v) };
            STATUS_OK
        }
        Err(e) => {
            ctx.set_pending_error(e);
            STATUS_ERROR
        }
    }
}

/// Calls a call target that has no installed code (interprets it, or compiles it when hot).
pub(crate) unsafe extern "C" fn call_target(
    ctx: *const ExecContext,
    target: *const CallTarget,
    args: *const Value,
    nargs: usize,
    out: *mut Value,
) -> u32 {
    // SAFETY: compiled code passes the context it was entered with, a call target, which
    // lives for the process, and its arguments.
    let (ctx, target, args) = unsafe { call_operands(ctx, target, args, nargs) };
    finish(ctx, target.call(ctx, args), out)
}

/// Calls a function object whose call target is not (yet) defined.
pub(crate) unsafe extern "C" fn call_function(
    ctx: *const ExecContext,
    function: *const Function,
    args: *const Value,
    nargs: usize,
    out: *mut Value,
) -> u32 {
    // SAFETY: function objects live for the process; the context outlives compiled code runs.
    let (ctx, function) = unsafe { (&*ctx, &*function) };
    // SAFETY: see `args_slice`.
    let args = unsafe { args_slice(args, nargs) };
    finish(ctx, function.call(ctx, args), out)
}

/// Runs a boundary: Rust code of a node (builtin, slow path, big-integer arithmetic).
pub(crate) unsafe extern "C" fn boundary(
    f: *const Box<BoundaryFn<'static>>,
    ctx: *const ExecContext,
    target: *const CallTarget,
    args: *const Value,
    nargs: usize,
    out: *mut Value,
) -> u32 {
    // SAFETY: `f` is kept alive by the installed code that contains this call; the tree
    // the closure borrows outlives that code (see `Evaluator::boundary`).
    let (f, ctx, target) = unsafe { (&*f, &*ctx, &*target) };
    // SAFETY: see `args_slice`.
    let args = unsafe { args_slice(args, nargs) };
    let mut frame = Frame::empty();
    let mut interp = Interp::new(ctx, target, &mut frame);
    // An unwind must not continue into the compiled caller: heap exhaustion becomes its error.
    let result = match heap::catch_exhaustion(|| f(&mut interp, args)) {
        Ok(result) => result,
        Err(exhausted) => Err(exhausted.to_guest_error()),
    };
    finish(ctx, result, out)
}

/// 1 when the error pending in the context is a non-local transfer to the value of words
/// `tag` and `payload`: the transfer is taken (the error is over) and its value written to
/// `out` (a `Value`); else 0, and nothing changes (a `catch_transfer` of the unit checks the
/// errors that leave its body: see `Evaluator::jump_error`).
pub(crate) unsafe extern "C" fn take_transfer_to(
    ctx: *const ExecContext,
    tag: u64,
    payload: u64,
    out: *mut Value,
) -> u64 {
    // SAFETY: the context outlives compiled code runs.
    let ctx = unsafe { &*ctx };
    match ctx.take_pending_transfer_to(tag, payload) {
        Some(v) => {
            // SAFETY: `out` is the unit's transfer slot, a `Value` in its stack frame.
            unsafe { out.write(v) };
            1
        }
        None => 0,
    }
}

/// Records a stack-overflow error (compiled code's check of a call failed: the call depth
/// limit or the native stack limit was reached).
pub(crate) unsafe extern "C" fn stack_overflow(ctx: *const ExecContext) -> u32 {
    // SAFETY: the context outlives compiled code runs.
    let ctx = unsafe { &*ctx };
    ctx.set_pending_error(ctx.stack_overflow());
    STATUS_ERROR
}

/// Adds `target`'s frame to the stack trace of the pending error: a direct call of compiled
/// code returned an error status (the interpreter's `CallTarget::call` does this itself).
pub(crate) unsafe extern "C" fn push_frame(ctx: *const ExecContext, target: *const CallTarget) -> u32 {
    // SAFETY: the context outlives compiled code runs; call targets live for the process.
    let (ctx, target) = unsafe { (&*ctx, &*target) };
    let mut e = ctx.take_pending_error();
    e.push_frame(target.name());
    ctx.set_pending_error(e);
    STATUS_ERROR
}

/// The slow path of an inline object allocation (the allocation buffer is used up): allocates
/// an object of `shape` in Rust, which may collect. Returns the object's `Gc` payload word, or
/// 0 with the out-of-memory error pending when the heap is exhausted.
pub(crate) unsafe extern "C" fn new_object(ctx: *const ExecContext, shape: *const Shape) -> u64 {
    // SAFETY: shapes live for the process; compiled code passes one it embedded, and the
    // context it was entered with.
    let (ctx, shape) = unsafe { (&*ctx, &*shape) };
    match heap::catch_exhaustion(|| DynamicObject::new(shape)) {
        Ok(object) => Value::Object(object).payload_bits(),
        Err(exhausted) => {
            ctx.set_pending_error(exhausted.to_guest_error());
            0
        }
    }
}

/// Builds the record of a transfer to the interpreter: the frames of the `point.frames.len()`
/// innermost activations (the unit's and its inlined callees', whose records compiled code
/// keeps current), and the path values stored in `buffer`. Then unlinks the inlined
/// activations (`outer` is innermost again) and leaves their calls, counts the
/// deoptimization and invalidates the unit's code.
///
/// # Safety
/// `buffer` holds the words `point` describes, stored by the transfer point's code.
unsafe fn capture(
    ctx: &ExecContext,
    point: &DeoptPoint,
    buffer: *const u64,
    outer: *const Activation,
) -> Box<DeoptRecord> {
    let n = point.frames.len();
    // Innermost first, then reversed: the record lists frames outermost first.
    let mut captured: Vec<(Vec<Value>, Vec<u64>)> = Vec::with_capacity(n);
    ctx.iterate_frames(|f| {
        let descriptor = f.call_target().frame_descriptor();
        let mut slots = vec![Value::Null; descriptor.len()];
        let mut assigned = vec![0u64; bonsai::frame::assigned_words(descriptor.len())];
        for (slot, _) in descriptor.slots() {
            if let Some(v) = f.read_slot(slot) {
                let i = slot.0 as usize;
                slots[i] = v;
                assigned[i / 64] |= 1 << (i % 64);
            }
        }
        captured.push((slots, assigned));
        (captured.len() == n).then_some(())
    });
    captured.reverse();
    let slot_values: usize = captured.iter().map(|(s, _)| s.len()).sum();
    let step_values = point
        .frames
        .iter()
        .flat_map(|f| &f.steps)
        .filter(|s| matches!(s, PointStep::Stored | PointStep::Constant(_)))
        .count();
    // No collection can happen from here to the copy: nothing allocates guest memory.
    let mut values = heap::RootedBuffer::new(slot_values + step_values, Value::Null);
    let mut next = 0usize;
    let mut word = 0usize;
    let mut frames = Vec::with_capacity(n);
    let mut captured = captured.into_iter();
    for pf in &point.frames {
        let (slots, assigned) = captured.next().unwrap_or_default();
        let start = next as u32;
        for v in slots {
            values[next] = v;
            next += 1;
        }
        let slots = start..next as u32;
        let mut steps = Vec::with_capacity(pf.steps.len());
        for &step in &pf.steps {
            steps.push(match step {
                PointStep::Constant(v) => {
                    values[next] = v;
                    next += 1;
                    Step::Value(next as u32 - 1)
                }
                PointStep::ConstantWord(w) => Step::Int(w),
                PointStep::Stored => {
                    // SAFETY: the buffer holds a tag and payload word pair per `Value` step,
                    // the representation of a `Value` (`#[repr(C, u64)]`), stored by compiled
                    // code from values it computed.
                    let v = unsafe { buffer.add(word).cast::<Value>().read_unaligned() };
                    word += 2;
                    values[next] = v;
                    next += 1;
                    Step::Value(next as u32 - 1)
                }
                PointStep::StoredWord => {
                    // SAFETY: one word per `Int` step (see above).
                    let w = unsafe { buffer.add(word).read() };
                    word += 1;
                    Step::Int(w as i64)
                }
                PointStep::Other(other) => other,
            });
        }
        frames.push(FrameRecord { target: pf.target, slots, assigned, steps });
    }
    ctx.set_top_activation(outer);
    ctx.leave_inlined(n.saturating_sub(1) as u32);
    let unit = point.frames[0].target;
    unit.report_deoptimization(ctx, &point.reason);
    // Code invalidated since it was compiled (an older activation still running it) leaves
    // without invalidating the code compiled after it: a deep recursion compiled before its
    // nodes specialized would otherwise discard each recompilation as its stale activations
    // return, until the recompilation bound left the function interpreted.
    let current = unit.version() == point.version;
    // SAFETY: the address of an `OsrPoint` of a loop node of the unit's tree (or of a tree it
    // inlined), which lives for the process (`Learn::Unpin`).
    let loop_at = |address: usize| -> &'static bonsai::osr::OsrPoint {
        unsafe { &*(address as *const bonsai::osr::OsrPoint) }
    };
    // What was learned, and the loop whose own code (an OSR unit's) alone speculated on it.
    let (learned, own_loop) = match point.learn {
        Learn::Nothing => (false, None),
        Learn::Generalize(target, slot) => {
            target.frame_descriptor().generalize(slot);
            (true, None)
        }
        Learn::Unpin(osr, slot, own) => {
            let osr = loop_at(osr);
            osr.unpin(slot);
            // The loop's activation is the innermost of the point (the check is made as the
            // loop starts): every other slot that is not an `Int` now would fail the next
            // compilation's entry check too, so they are all learned from this one exit
            // rather than one recompilation each.
            if let Some(frame) = frames.last() {
                for (i, v) in values[frame.slots.start as usize..frame.slots.end as usize].iter().enumerate()
                {
                    if !matches!(v, Value::Int(_)) {
                        osr.unpin(i);
                    }
                }
            }
            (true, own.then_some(osr))
        }
        Learn::MaterializeAtEntry(osr, own) => {
            let osr = loop_at(osr);
            osr.materialize_at_entry();
            (true, own.then_some(osr))
        }
        Learn::SlotVaries(osr, shape, slot, own) => {
            let osr = loop_at(osr);
            // SAFETY: shapes live for the process.
            osr.learn_slot_varies(unsafe { &*(shape as *const bonsai::object::Shape) }, slot);
            (true, own.then_some(osr))
        }
    };
    if let Some(osr) = own_loop {
        // Only this loop's code speculated on what was learned: the rest of the call target's
        // code (the method's, its other loops') stays.
        osr.discard(ctx.engine());
        return Box::new(DeoptRecord { frames, values, reason: point.reason.clone() });
    }
    if learned {
        if current {
            unit.invalidate("a speculation on a local's kind or a loop's objects failed");
        }
    } else if current && ctx.engine().options().stress_deopt_every == 0 {
        // Truffle's `transferToInterpreterAndInvalidate`: the code is recompiled with what the
        // interpreter learns here (a rewrite invalidates it too). Under deoptimization stress
        // the guards fail on purpose and the code stays, its stress counters running on.
        unit.invalidate("deoptimized");
    }
    Box::new(DeoptRecord { frames, values, reason: point.reason.clone() })
}

/// A root unit's transfer to the interpreter: captures the record (see [`capture`]) and
/// resumes the activation in the interpreter on the call's arguments; its result (or error)
/// is the unit's.
pub(crate) unsafe extern "C" fn deoptimize(
    ctx: *const ExecContext,
    point: *const DeoptPoint,
    buffer: *const u64,
    outer: *const Activation,
    args: *const Value,
    nargs: usize,
    out: *mut Value,
) -> u32 {
    // SAFETY: compiled code passes its context, a transfer point its code keeps alive, the
    // buffer the point describes, the record that was innermost when the unit was entered,
    // and its own arguments.
    let (ctx, point) = unsafe { (&*ctx, &*point) };
    // SAFETY: see above.
    let record = unsafe { capture(ctx, point, buffer, outer) };
    // SAFETY: see `args_slice`.
    let args = unsafe { args_slice(args, nargs) };
    let result = heap::catch_exhaustion(|| record.resume_root(ctx, args))
        .unwrap_or_else(|exhausted| Err(exhausted.to_guest_error()));
    finish(ctx, result, out)
}

/// An OSR unit's transfer to the interpreter: captures the record (see [`capture`]) for the
/// loop that entered the unit, which resumes it ([`STATUS_DEOPT`]).
pub(crate) unsafe extern "C" fn deoptimize_osr(
    ctx: *const ExecContext,
    point: *const DeoptPoint,
    buffer: *const u64,
    outer: *const Activation,
) -> u32 {
    // SAFETY: as in `deoptimize`.
    let (ctx, point) = unsafe { (&*ctx, &*point) };
    // SAFETY: as in `deoptimize`.
    let record = unsafe { capture(ctx, point, buffer, outer) };
    ctx.set_pending_deopt(record);
    STATUS_DEOPT
}
