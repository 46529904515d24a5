//! Toy's builtins, one table of [`bonsai::nodes::Builtin`]s over the program's [`Output`].
//! Each is an ordinary function whose call target's body is a
//! [`BuiltinNode`](bonsai::nodes::BuiltinNode), called like any other function.

use crate::nodes::display;
use bonsai::error::GuestError;
use bonsai::exec::Interp;
use bonsai::nodes::{Builtin, BuiltinBody::Boundary};
use bonsai::value::Value;
use std::cell::RefCell;

/// The program's output: what `print` wrote, handed to the caller of
/// [`Program::run`](crate::Program::run) when the program ends.
#[derive(Default)]
pub struct Output(pub RefCell<Vec<u8>>);

/// Every builtin.
pub static BUILTINS: &[Builtin<Output>] = &[Builtin { name: "print", arity: 1, body: Boundary(print) }];

/// `print(v)`: writes `v` and a newline; its value is `v`.
fn print(output: &Output, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let mut out = output.0.borrow_mut();
    out.extend_from_slice(display(&args[0]).as_bytes());
    out.push(b'\n');
    Ok(args[0])
}
