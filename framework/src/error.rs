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
    kind: ErrorKind,
}

/// What a [`GuestError`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An error the guest program caused; the message is the language's.
    Guest,
    /// A resource limit was reached (call depth, compile budget never surfaces here).
    Limit,
    /// The guest asked the process to exit with this status (SL's `exit(n)`).
    Exit(i32),
}

impl GuestError {
    /// A guest error with the language-defined `message`.
    pub fn new(message: impl Into<String>) -> GuestError {
        GuestError(Box::new(ErrorInner {
            message: message.into(),
            stack_trace: Vec::new(),
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

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// Names of the guest frames the error passed through, innermost first.
    pub fn stack_trace(&self) -> &[String] {
        &self.0.stack_trace
    }

    /// Records that the error left the activation of `frame_name`.
    pub fn push_frame(&mut self, frame_name: &str) {
        self.0.stack_trace.push(frame_name.to_string());
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
