//! Runtime functions called by compiled code: the out-of-line halves of calls and
//! boundaries. Each returns a status: 0 = a value was stored to `out`, 1 = an error is
//! pending in the [`ExecContext`].

use bonsai::call::CallTarget;
use bonsai::context::ExecContext;
use bonsai::error::GuestError;
use bonsai::exec::{BoundaryFn, Interp, Unwind};
use bonsai::frame::Frame;
use bonsai::function::Function;
use bonsai::heap;
use bonsai::object::{DynamicObject, Shape};
use bonsai::value::Value;

pub(crate) const STATUS_OK: u32 = 0;
pub(crate) const STATUS_ERROR: u32 = 1;
pub(crate) const STATUS_RETURNED: u32 = 2;

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
    // SAFETY: compiled code passes the context it was entered with and a call target, which
    // lives for the process.
    let (ctx, target) = unsafe { (&*ctx, &*target) };
    // SAFETY: see `args_slice`.
    let args = unsafe { args_slice(args, nargs) };
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
        Ok(Ok(v)) => Ok(v),
        Ok(Err(Unwind::Error(e))) => Err(e),
        Ok(Err(other)) => Err(GuestError::new(format!("internal error: boundary unwound with {other:?}"))),
        Err(exhausted) => Err(exhausted.to_guest_error()),
    };
    finish(ctx, result, out)
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
