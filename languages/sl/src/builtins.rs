//! SL's builtins (spec §10), one table. Each is an ordinary function value in the registry
//! whose call target is a [`BuiltinNode`](crate::nodes::call::BuiltinNode); a user function
//! of the same name replaces it.

use crate::runtime::{display, SlContext};
use bonsai::error::GuestError;
use bonsai::exec::Interp;
use bonsai::value::Value;

/// A builtin: its name, its arity (arguments it reads) and its Rust implementation.
pub struct Builtin {
    pub name: &'static str,
    pub arity: usize,
    pub function: fn(&SlContext, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError>,
}

/// Every builtin, in registration order.
pub static BUILTINS: &[Builtin] = &[
    Builtin { name: "println", arity: 1, function: println },
    Builtin { name: "readln", arity: 0, function: readln },
    Builtin { name: "nanoTime", arity: 0, function: nano_time },
    Builtin { name: "new", arity: 1, function: new_object },
];

/// `new()`: a new empty object. With an argument other than NULL the reference tries to
/// instantiate a host value, which fails for every SL value with `Undefined function: V`.
fn new_object(ctx: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    match args.first().copied().unwrap_or(Value::Null) {
        Value::Null => Ok(ctx.new_object()),
        other => Err(crate::runtime::not_a_function(&other)),
    }
}

/// `println(v)`: writes the display string of `v` and a newline; returns `v`.
fn println(ctx: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let v = args.first().copied().unwrap_or(Value::Null);
    ctx.println(&display(&v))?;
    Ok(v)
}

/// `readln()`: one line of standard input without its terminator; `""` at end of input.
fn readln(ctx: &SlContext, _: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
    Ok(Value::string(&ctx.readln()?))
}

/// `nanoTime()`: a monotonic clock in nanoseconds.
fn nano_time(ctx: &SlContext, _: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
    Ok(Value::Int(ctx.nano_time()))
}
