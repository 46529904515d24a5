//! Toy's builtins, one table of [`bonsai::nodes::Builtin`]s over the program's [`Output`].
//! Each is an ordinary function whose call target's body is a
//! [`BuiltinNode`](bonsai::nodes::BuiltinNode), called like any other function.

use crate::nodes::display;
use bonsai::error::GuestError;
use bonsai::exec::Interp;
use bonsai::nodes::{Builtin, BuiltinBody::Boundary};
use bonsai::value::Value;
use std::cell::RefCell;
use std::io::Write;

/// The program's output: what `print` wrote, handed to the caller of
/// [`Program::run`](crate::Program::run) when the program ends — or, for a program in a
/// polyglot context, written at once to the stream it shares with the other languages.
#[derive(Default)]
pub struct Output {
    buffer: RefCell<Vec<u8>>,
    stream: RefCell<Option<Box<dyn std::io::Write>>>,
}

impl Output {
    /// An output that writes to `stream` as the program prints.
    pub fn to(stream: Box<dyn std::io::Write>) -> Output {
        Output { buffer: RefCell::default(), stream: RefCell::new(Some(stream)) }
    }

    /// Takes what was printed and buffered so far.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buffer.borrow_mut())
    }
}

/// Every builtin.
pub static BUILTINS: &[Builtin<Output>] = &[Builtin { name: "print", arity: 1, body: Boundary(print) }];

/// `print(v)`: writes `v` and a newline; its value is `v`.
fn print(output: &Output, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let line = format!("{}\n", display(&args[0]));
    match &mut *output.stream.borrow_mut() {
        Some(stream) => {
            stream.write_all(line.as_bytes()).map_err(|e| GuestError::new(format!("cannot print: {e}")))?
        }
        None => output.buffer.borrow_mut().extend_from_slice(line.as_bytes()),
    }
    Ok(args[0])
}
