//! SL's builtins (spec §10), one table of [`bonsai::nodes::Builtin`]s over the
//! [`SlContext`]. Each is an ordinary function value in the registry whose call target is a
//! [`BuiltinNode`](bonsai::nodes::BuiltinNode) (a boundary) or, for `new` and `isNull`, a node
//! of its own ([`NewObjectNode`], [`IsNullNode`]), so compiled callers that inline them do
//! their work inline; a user function of the same name replaces it.

use crate::nodes::call::{IsNullNode, NewObjectNode};
use crate::nodes::NodeBox;
use crate::polyglot::SL;
use crate::runtime::{display, to_sl_string, type_error, type_object_kind, SlContext, SlType};
use bonsai::error::GuestError;
use bonsai::exec::Interp;
use bonsai::nodes::BuiltinBody::{Boundary, Node};
use bonsai::polyglot::{is_foreign, Polyglot};
use bonsai::value::Value;

/// A builtin of SL.
pub type Builtin = bonsai::nodes::Builtin<SlContext>;

/// Every builtin, in registration order.
pub static BUILTINS: &[Builtin] = &[
    Builtin { name: "println", arity: 1, body: Boundary(println) },
    Builtin { name: "readln", arity: 0, body: Boundary(readln) },
    Builtin { name: "nanoTime", arity: 0, body: Boundary(nano_time) },
    Builtin { name: "new", arity: 1, body: Node(new_object) },
    Builtin { name: "defineFunction", arity: 1, body: Boundary(define_function) },
    Builtin { name: "eval", arity: 2, body: Boundary(eval) },
    Builtin { name: "stacktrace", arity: 0, body: Boundary(stacktrace) },
    Builtin { name: "helloEqualsWorld", arity: 0, body: Boundary(hello_equals_world) },
    Builtin { name: "getSize", arity: 1, body: Boundary(get_size) },
    Builtin { name: "hasSize", arity: 1, body: Boundary(has_size) },
    Builtin { name: "isExecutable", arity: 1, body: Boundary(is_executable) },
    Builtin { name: "isNull", arity: 1, body: Node(is_null) },
    Builtin { name: "typeOf", arity: 1, body: Boundary(type_of) },
    Builtin { name: "isInstance", arity: 2, body: Boundary(is_instance) },
    Builtin { name: "wrapPrimitive", arity: 1, body: Boundary(wrap_primitive) },
    Builtin { name: "exit", arity: 1, body: Boundary(exit) },
    Builtin { name: "registerShutdownHook", arity: 1, body: Boundary(register_shutdown_hook) },
    Builtin { name: "import", arity: 1, body: Boundary(import) },
    Builtin { name: "export", arity: 2, body: Boundary(export) },
    Builtin { name: "inNativeImage", arity: 0, body: Boundary(in_native_image) },
];

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::Null)
}

/// `defineFunction(code)`: registers the functions of `code` (source name `[defineFunction]`),
/// replacing existing ones; returns `code`. Parse errors abort with their message.
fn define_function(ctx: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let code = arg(args, 0);
    let Value::String(text) = code else {
        return Err(type_error("defineFunction", &[code], None));
    };
    crate::launcher::load_source(ctx, "[defineFunction]", &text).map_err(GuestError::new)?;
    Ok(code)
}

/// `eval(lang, code)`: evaluates `code` in language `lang` of the polyglot context (for
/// `"sl"`: registers the functions of `code`, source name `(eval)`, and runs its `main`, if it
/// defines one; otherwise NULL). Without a context only `"sl"` is known.
fn eval(ctx: &SlContext, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let (lang, code) = (arg(args, 0), arg(args, 1));
    let (Value::String(lang), Value::String(text)) = (lang, code) else {
        return Err(type_error("eval", &[lang, code], None));
    };
    match Polyglot::current() {
        Some(polyglot) => polyglot.eval(interp.ctx, &lang, "(eval)", &text),
        None if &**lang == "sl" => crate::polyglot::eval_sl(ctx, interp.ctx, "(eval)", &text),
        None => Err(bonsai::polyglot::unknown_language(&lang, &["sl"])),
    }
}

/// `stacktrace()`: the active SL frames of this run, innermost first, without the builtin's
/// own: `Frame: root NAME` and `, VAR=VALUE` for each assigned slot in slot order, VALUE in
/// the §12 string conversion; lines joined by `\n`.
fn stacktrace(_: &SlContext, interp: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
    let mut lines: Vec<String> = Vec::new();
    let mut own = true;
    interp.ctx.iterate_frames(|frame| {
        if std::mem::take(&mut own) {
            return None::<()>;
        }
        let target = frame.call_target();
        let mut line = format!("Frame: root {}", target.name());
        for (slot, info) in target.frame_descriptor().slots() {
            if let Some(v) = frame.read_slot(slot) {
                line.push_str(&format!(", {}={}", info.name, to_sl_string(&v)));
            }
        }
        lines.push(line);
        None
    });
    Ok(Value::string(&lines.join("\n")))
}

/// The local that the `helloEqualsWorld` builtin sets in its caller.
pub const HELLO_LOCAL: &str = "hello";

/// `helloEqualsWorld()`: sets the calling function's local `hello` (if it has one, assigned
/// or not) to `"world"`; returns `"world"`.
fn hello_equals_world(_: &SlContext, interp: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
    let world = Value::string("world");
    let mut depth = 0;
    let written = interp.ctx.iterate_frames(|frame| {
        depth += 1;
        if depth < 2 {
            return None;
        }
        // The caller: the frame below the builtin's own.
        let target = frame.call_target();
        let slot =
            target.frame_descriptor().slots().find(|(_, info)| info.name == HELLO_LOCAL).map(|(s, _)| s);
        Some(slot.map_or(Ok(()), |slot| frame.write_slot(slot, world)))
    });
    written.unwrap_or(Ok(()))?;
    Ok(world)
}

/// `getSize(x)`: the array size of a foreign value with array elements; SL values have none.
fn get_size(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let v = arg(args, 0);
    match foreign_array_size(&v) {
        Some(size) => Ok(Value::Int(size)),
        None => Err(GuestError::new("Element is not a valid array.")),
    }
}

/// `hasSize(x)`: whether `x` is a foreign value with array elements (false for SL values).
fn has_size(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    Ok(Value::from_bool(foreign_array_size(&arg(args, 0)).is_some()))
}

/// The size of `v` when it is a foreign value with array elements.
fn foreign_array_size(v: &Value) -> Option<i64> {
    if !is_foreign(v, SL) {
        return None;
    }
    Polyglot::current()?.array_size(v).ok()
}

/// `isExecutable(x)`: whether `x` is a function value (defined or not).
fn is_executable(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let v = arg(args, 0);
    let foreign = || Polyglot::current().is_some_and(|p| p.is_executable(&v));
    Ok(Value::from_bool(matches!(v, Value::Function(_)) || (is_foreign(&v, SL) && foreign())))
}

/// `isNull(x)`: a node ([`IsNullNode`]), so compiled callers test the tag inline.
fn is_null(_: &SlContext) -> NodeBox {
    Box::new(IsNullNode)
}

/// `typeOf(x)`: the type object of `x`; NULL for a type object.
fn type_of(ctx: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    Ok(SlType::of(&arg(args, 0)).map(|t| ctx.type_object(t)).unwrap_or(Value::Null))
}

/// `isInstance(t, x)`: whether `x` belongs to type object `t`.
fn is_instance(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let (t, x) = (arg(args, 0), arg(args, 1));
    match type_object_kind(&t) {
        Some(kind) => Ok(Value::from_bool(SlType::of(&x) == Some(kind))),
        None => Err(type_error("isInstance", &[t, x], None)),
    }
}

/// `wrapPrimitive(x)`: `x` itself, which behaves exactly like `x`.
fn wrap_primitive(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    Ok(arg(args, 0))
}

/// `exit(n)`: runs the shutdown hooks, then ends the process with status `n` (low 32 bits).
fn exit(ctx: &SlContext, interp: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    let Value::Int(n) = arg(args, 0) else {
        return Err(type_error("exit", &[arg(args, 0)], None));
    };
    crate::launcher::run_shutdown_hooks(ctx, interp.ctx)?;
    ctx.flush();
    Err(GuestError::exit(n as i32))
}

/// `registerShutdownHook(f)`: `f` runs at `exit` or at normal termination.
fn register_shutdown_hook(ctx: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    match arg(args, 0) {
        Value::Function(f) => {
            ctx.add_shutdown_hook(f);
            Ok(Value::Null)
        }
        other => Err(type_error("registerShutdownHook", &[other], None)),
    }
}

/// `import(name)`: the value bound to `name` in the polyglot bindings; NULL when unbound or
/// without a polyglot context.
fn import(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    match arg(args, 0) {
        Value::String(name) => Ok(Polyglot::current().and_then(|p| p.import(&name)).unwrap_or(Value::Null)),
        other => Err(type_error("import", &[other], None)),
    }
}

/// `export(name, value)`: binds `name` to `value` in the polyglot bindings (replacing an
/// earlier binding); returns `value`. Without a polyglot context nothing is bound.
fn export(_: &SlContext, _: &mut Interp<'_>, args: &[Value]) -> Result<Value, GuestError> {
    match (arg(args, 0), arg(args, 1)) {
        (Value::String(name), value) => {
            if let Some(polyglot) = Polyglot::current() {
                polyglot.export(&name, value);
            }
            Ok(value)
        }
        (name, value) => Err(type_error("export", &[name, value], None)),
    }
}

/// `inNativeImage()`: true (no host interop; spec §10).
fn in_native_image(_: &SlContext, _: &mut Interp<'_>, _: &[Value]) -> Result<Value, GuestError> {
    Ok(Value::TRUE)
}

/// `new()`: a new empty object. With an argument other than NULL the reference tries to
/// instantiate a host value, which fails for every SL value with `Undefined function: V`.
/// `new()`: a new object with no properties; an argument other than NULL is called as a
/// constructor, which no SL value is (`Undefined function: V`). See [`NewObjectNode`].
fn new_object(ctx: &SlContext) -> NodeBox {
    Box::new(NewObjectNode::new(ctx.object_shape()))
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
