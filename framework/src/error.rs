//! Guest errors: values, never panics (invariant 7 of ARCHITECTURE.md).

use std::fmt;

/// A guest-visible runtime error: the message exactly as the language defines it, plus the
/// guest stack trace collected while the error propagated (innermost frame first).
///
/// Boxed so that `Result<Value, GuestError>` stays small on the interpreter's hot paths.
pub struct GuestError(Box<ErrorInner>);

struct ErrorInner {
    message: String,
    stack_trace: Vec<String>,
    /// Frames the error left beyond the first [`MAX_TRACE_FRAMES`], counted but not named.
    elided_frames: usize,
    kind: ErrorKind,
}

/// Frames a guest stack trace names at most (the innermost ones); further frames are only
/// counted, so an error unwinding millions of activations (a stack overflow under a huge
/// `max_call_depth`) stays small.
pub const MAX_TRACE_FRAMES: usize = 10_000;

/// What a [`GuestError`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An error the guest program caused; the message is the language's.
    Guest,
    /// A resource limit was reached (call depth, compile budget never surfaces here).
    Limit,
    /// The guest asked the process to exit with this status (SL's `exit(n)`).
    Exit(i32),
    /// Not an error: a non-local control transfer unwinding to the activation that catches it
    /// (Truffle's `ControlFlowException`; SOM's `^` from a block), with its target and value
    /// pending in the context (see [`crate::exec::Domain::transfer`]).
    Transfer,
}

impl GuestError {
    /// A guest error with the language-defined `message`.
    pub fn new(message: impl Into<String>) -> GuestError {
        GuestError(Box::new(ErrorInner {
            message: message.into(),
            stack_trace: Vec::new(),
            elided_frames: 0,
            kind: ErrorKind::Guest,
        }))
    }

    /// An error raised because a limit was exceeded (e.g. recursion depth).
    pub fn limit(message: impl Into<String>) -> GuestError {
        let mut e = GuestError::new(message);
        e.0.kind = ErrorKind::Limit;
        e
    }

    /// A request to terminate the process with `status`.
    pub fn exit(status: i32) -> GuestError {
        let mut e = GuestError::new(format!("exit({status})"));
        e.0.kind = ErrorKind::Exit(status);
        e
    }

    /// A non-local control transfer (see [`ErrorKind::Transfer`]). Made by
    /// [`crate::context::ExecContext::start_transfer`].
    pub(crate) fn transfer() -> GuestError {
        let mut e = GuestError::new("internal error: a non-local transfer found no activation to catch it");
        e.0.kind = ErrorKind::Transfer;
        e
    }

    /// The message as the language defines it (without the stack trace).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// What kind of error: a guest error, an exit, a transfer, …
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// Names of the guest frames the error passed through, innermost first (at most
    /// [`MAX_TRACE_FRAMES`]; see [`GuestError::elided_frames`]).
    pub fn stack_trace(&self) -> &[String] {
        &self.0.stack_trace
    }

    /// Frames the error passed through beyond those [`GuestError::stack_trace`] names.
    pub fn elided_frames(&self) -> usize {
        self.0.elided_frames
    }

    /// Records that the error left the activation of `frame_name`.
    pub fn push_frame(&mut self, frame_name: &str) {
        if self.0.kind == ErrorKind::Transfer {
            // Not an error: no trace to keep.
        } else if self.0.stack_trace.len() < MAX_TRACE_FRAMES {
            self.0.stack_trace.push(frame_name.to_string());
        } else {
            self.0.elided_frames += 1;
        }
    }
}

impl fmt::Display for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GuestError({:?}, trace {:?})", self.0.message, self.0.stack_trace)
    }
}

impl std::error::Error for GuestError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_trace_names_the_innermost_frames_and_counts_the_rest() {
        let mut e = GuestError::limit("Stack overflow");
        for i in 0..MAX_TRACE_FRAMES + 5 {
            e.push_frame(&format!("f{i}"));
        }
        assert_eq!(e.stack_trace().len(), MAX_TRACE_FRAMES);
        assert_eq!(e.stack_trace()[0], "f0");
        assert_eq!(e.elided_frames(), 5);
    }
}
