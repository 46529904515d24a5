//! Toy's builtins, one table. Each is an ordinary function whose call target's body is a
//! [`BuiltinNode`](crate::nodes::call::BuiltinNode), called like any other function.

use crate::nodes::display;
use bonsai::error::GuestError;
use bonsai::value::Value;
use std::cell::RefCell;

/// The program's output: what `print` wrote, handed to the caller of
/// [`Program::run`](crate::Program::run) when the program ends.
#[derive(Default)]
pub struct Output(pub RefCell<Vec<u8>>);

/// A builtin: its name, its arity and its Rust implementation.
pub struct Builtin {
    pub name: &'static str,
    pub arity: usize,
    pub function: fn(&Output, &[Value]) -> Result<Value, GuestError>,
}

/// Every builtin.
pub static BUILTINS: &[Builtin] = &[Builtin { name: "print", arity: 1, function: print }];

/// `print(v)`: writes `v` and a newline; its value is `v`.
fn print(output: &Output, args: &[Value]) -> Result<Value, GuestError> {
    let v = args.first().copied().unwrap_or(Value::Null);
    let mut out = output.0.borrow_mut();
    out.extend_from_slice(display(&v).as_bytes());
    out.push(b'\n');
    Ok(v)
}
