//! The primitive table (spec §12): the Rust implementation of every method the core library
//! declares `primitive`, bound by (class name, selector) when a class is loaded, plus
//! `Block>>whileTrue:`/`whileFalse:`, implemented natively as §6 asks (no stack growth).
//! Each primitive is a builtin (a boundary) whose arguments are the receiver, then the
//! message arguments. Errors are VM-level errors with the messages of §9–§12.

use crate::double;
use crate::nodes::arithmetic::{
    ArrayPrimitive, ArrayPrimitiveNode, DoublePrimitive, DoublePrimitiveNode, Fallback, IntPrimitive,
    IntPrimitiveNode,
};
use crate::nodes::send::{does_not_understand, send, send_from};
use crate::universe::{vm_error, Universe};
use bonsai::call::CallTarget;
use bonsai::error::ErrorKind;
use bonsai::error::GuestError;
use bonsai::exec::Domain;
use bonsai::exec::Interp;
use bonsai::frame::FrameDescriptor;
use bonsai::node::{Dump, Execute, TreeDump};
use bonsai::profile::ConditionProfile;
use bonsai::value::{number, Value};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::rc::Rc;

/// A primitive: the universe, the interpreter, then the receiver and arguments.
pub type Primitive = fn(&Universe, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError>;

type Result_ = Result<Value, GuestError>;

/// The native implementation of `class_name>>selector` (class side when `class_side`), if
/// there is one: every declared primitive of §12 and the native `whileTrue:`/`whileFalse:`.
pub fn native(
    u: &Rc<Universe>,
    class_name: &str,
    class_side: bool,
    selector: &str,
    declared_primitive: bool,
) -> Option<&'static CallTarget> {
    let f = lookup(class_name, class_side, selector)?;
    let native_only = matches!((class_name, selector), ("Block", "whileTrue:") | ("Block", "whileFalse:"));
    if !declared_primitive && !native_only {
        return None;
    }
    let name: &'static str = Box::leak(
        format!("{class_name}{}>>{selector}", if class_side { " class" } else { "" }).into_boxed_str(),
    );
    let arity = 1 + arity_of(selector);
    let operation = match (class_name, class_side, selector) {
        ("Integer", false, "+") => Some(IntPrimitive::Add),
        ("Integer", false, "-") => Some(IntPrimitive::Sub),
        ("Integer", false, "*") => Some(IntPrimitive::Mul),
        ("Integer", false, "%") => Some(IntPrimitive::Modulo),
        ("Integer", false, "&") => Some(IntPrimitive::BitAnd),
        ("Integer", false, "bitXor:") => Some(IntPrimitive::BitXor),
        ("Integer", false, "<") => Some(IntPrimitive::Less),
        ("Integer", false, "=") => Some(IntPrimitive::Equal),
        _ => None,
    };
    if let Some(operation) = operation {
        let node = IntPrimitiveNode {
            operation,
            general: Fallback { function: f, universe: u.clone() },
            small: ConditionProfile::new(),
            fits: ConditionProfile::new(),
            double_argument: ConditionProfile::new(),
        };
        return Some(CallTarget::with_parameters(name, FrameDescriptor::new(), arity, Box::new(node)));
    }
    let double = match (class_name, class_side, selector) {
        ("Double", false, "+") => Some(DoublePrimitive::Add),
        ("Double", false, "-") => Some(DoublePrimitive::Sub),
        ("Double", false, "*") => Some(DoublePrimitive::Mul),
        ("Double", false, "//") => Some(DoublePrimitive::Divide),
        ("Double", false, "<") => Some(DoublePrimitive::Less),
        ("Double", false, "=") => Some(DoublePrimitive::Equal),
        _ => None,
    };
    if let Some(operation) = double {
        let node = DoublePrimitiveNode {
            operation,
            general: Fallback { function: f, universe: u.clone() },
            doubles: ConditionProfile::new(),
            integer_argument: ConditionProfile::new(),
        };
        return Some(CallTarget::with_parameters(name, FrameDescriptor::new(), arity, Box::new(node)));
    }
    let array = match (class_name, class_side, selector) {
        ("Array", false, "at:") => Some(ArrayPrimitive::At),
        ("Array", false, "at:put:") => Some(ArrayPrimitive::AtPut),
        ("Array", false, "length") => Some(ArrayPrimitive::Length),
        _ => None,
    };
    if let Some(operation) = array {
        let node = ArrayPrimitiveNode {
            operation,
            general: Fallback { function: f, universe: u.clone() },
            fast: ConditionProfile::new(),
            inside: ConditionProfile::new(),
        };
        return Some(CallTarget::with_parameters(name, FrameDescriptor::new(), arity, Box::new(node)));
    }
    let node = PrimitiveNode { name, arity, function: f, universe: u.clone() };
    Some(CallTarget::with_parameters(name, FrameDescriptor::new(), arity, Box::new(node)))
}

/// Calls primitive `f`; a VM-level error it raises records the traceback (§14.2) first.
pub fn call_primitive(u: &Universe, f: Primitive, interp: &mut Interp<'_>, args: &[Value]) -> Result_ {
    let result = f(u, interp, args);
    if let Err(e) = &result {
        if matches!(e.kind(), ErrorKind::Guest) {
            u.record_traceback(interp.ctx);
        }
    }
    result
}

/// The body of a primitive's call target: reads the receiver and the arguments and calls the
/// primitive out of line. Boundary: primitives do I/O, big-integer arithmetic, lookups.
pub struct PrimitiveNode {
    name: &'static str,
    arity: usize,
    function: Primitive,
    universe: Rc<Universe>,
}

impl Execute for PrimitiveNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let args: Vec<D::Value> = (0..self.arity).map(|i| d.argument(i)).collect();
        d.boundary(
            self,
            |n: &PrimitiveNode, interp: &mut Interp<'_>, vals: &[Value]| {
                call_primitive(&n.universe, n.function, interp, vals)
            },
            &args,
        )
    }
}

impl Dump for PrimitiveNode {
    fn dump(&self, w: &mut TreeDump) {
        w.line(format!("Primitive {}", self.name));
    }
}

/// The call target of a primitive the VM does not implement: a VM error when called.
pub fn missing(u: &Rc<Universe>, holder: &str, selector: &str, arity: usize) -> &'static CallTarget {
    fn fail(_: &Universe, _: &mut Interp<'_>, _: &[Value]) -> Result_ {
        Err(vm_error("This primitive is not implemented by this VM"))
    }
    let name: &'static str = Box::leak(format!("{holder}>>{selector}").into_boxed_str());
    let node = PrimitiveNode { name, arity: arity + 1, function: fail, universe: u.clone() };
    CallTarget::with_parameters(name, FrameDescriptor::new(), arity + 1, Box::new(node))
}

/// Whether `class_name>>selector` is bound to the primitive that calls a block
/// ([`call_block`]).
pub fn is_block_value(class_name: &str, class_side: bool, selector: &str) -> bool {
    !class_side
        && matches!(
            (class_name, selector),
            ("Block" | "Block1", "value") | ("Block2", "value:") | ("Block3", "value:with:")
        )
}

/// Number of arguments of a selector: keywords count colons, binary selectors take one.
pub fn arity_of(selector: &str) -> usize {
    let colons = selector.matches(':').count();
    if colons > 0 {
        colons
    } else if selector.chars().next().is_some_and(|c| !c.is_alphabetic() && c != '_') {
        1
    } else {
        0
    }
}

fn lookup(class: &str, class_side: bool, selector: &str) -> Option<Primitive> {
    let f: Primitive = match (class, class_side, selector) {
        ("Object", false, s) => match s {
            "class" => object_class,
            "objectSize" => |_, _, _| Ok(Value::Int(16)),
            "==" => object_identical,
            "hashcode" => object_hashcode,
            "inspect" | "halt" => |_, _, a| Ok(a[0]),
            "perform:" => perform,
            "perform:withArguments:" => perform_with_arguments,
            "perform:inSuperclass:" => perform_in_superclass,
            "perform:withArguments:inSuperclass:" => perform_with_arguments_in_superclass,
            "instVarAt:" => inst_var_at,
            "instVarAt:put:" => inst_var_at_put,
            "instVarNamed:" => inst_var_named,
            _ => return None,
        },
        ("Polyglot", true, s) => match s {
            "eval:source:" => crate::polyglot::eval,
            "export:value:" => crate::polyglot::export,
            "import:" => crate::polyglot::import,
            _ => return None,
        },
        ("ForeignObject", false, s) => match s {
            "value" | "value:" | "value:with:" | "value:with:with:" => crate::polyglot::foreign_value,
            "valueWithArguments:" => crate::polyglot::foreign_value_with_arguments,
            "at:" => crate::polyglot::foreign_at,
            "at:put:" => crate::polyglot::foreign_at_put,
            "length" => crate::polyglot::foreign_size,
            "asString" => crate::polyglot::foreign_as_string,
            "doesNotUnderstand:arguments:" => crate::polyglot::foreign_does_not_understand,
            _ => return None,
        },
        ("Class", false, s) => match s {
            "name" => class_name,
            "new" => class_new,
            "superclass" => class_superclass,
            "fields" => class_fields,
            "methods" => class_methods,
            _ => return None,
        },
        ("Method" | "Primitive", false, s) => match s {
            "signature" => method_signature,
            "holder" => method_holder,
            "invokeOn:with:" => method_invoke,
            _ => return None,
        },
        (c, false, s) if is_block_value(c, false, s) => block_value,
        ("Block", false, "restart") => {
            |_, _, _| Err(vm_error("restart is only supported inside whileTrue: and whileFalse:"))
        }
        ("Block", false, "whileTrue:") => |u, i, a| while_loop(u, i, a, true),
        ("Block", false, "whileFalse:") => |u, i, a| while_loop(u, i, a, false),
        ("Integer", false, s) => match s {
            "+" => |u, _, a| arith(u, a, Op::Add),
            "-" => |u, _, a| arith(u, a, Op::Sub),
            "*" => |u, _, a| arith(u, a, Op::Mul),
            "/" => int_div,
            "//" => |u, _, a| arith(u, a, Op::FloatDiv),
            "%" => |u, _, a| arith(u, a, Op::Mod),
            "rem:" => int_rem,
            "&" => |u, _, a| bitwise(u, a, |x, y| x & y, |x, y| x & y),
            "bitXor:" => |u, _, a| bitwise(u, a, |x, y| x ^ y, |x, y| x ^ y),
            "<<" => int_shift_left,
            ">>>" => int_shift_right,
            "sqrt" => int_sqrt,
            "atRandom" => int_at_random,
            "=" => number_equal,
            "<" => number_less,
            "asString" => |_, _, a| Ok(Value::string(&number::to_decimal(&a[0]).unwrap_or_default())),
            "as32BitSignedValue" => |_, _, a| Ok(Value::Int(low32(&a[0]) as i32 as i64)),
            "as32BitUnsignedValue" => |_, _, a| Ok(Value::Int(low32(&a[0]) as i64)),
            "asDouble" => |u, _, a| to_f64(u, &a[0]).map(Value::from_f64),
            _ => return None,
        },
        ("Integer", true, "fromString:") => int_from_string,
        ("Double", false, s) => match s {
            "+" => |u, _, a| arith(u, a, Op::Add),
            "-" => |u, _, a| arith(u, a, Op::Sub),
            "*" => |u, _, a| arith(u, a, Op::Mul),
            "//" => |u, _, a| arith(u, a, Op::FloatDiv),
            "%" => |u, _, a| arith(u, a, Op::Mod),
            "sqrt" => |_, _, a| Ok(Value::from_f64(a[0].as_f64().unwrap_or(f64::NAN).sqrt())),
            "round" => |_, _, a| rounded(double::round(a[0].as_f64().unwrap_or(f64::NAN))),
            "asInteger" => |_, _, a| rounded(double::truncate(a[0].as_f64().unwrap_or(f64::NAN))),
            "cos" => |_, _, a| Ok(Value::from_f64(a[0].as_f64().unwrap_or(f64::NAN).cos())),
            "sin" => |_, _, a| Ok(Value::from_f64(a[0].as_f64().unwrap_or(f64::NAN).sin())),
            "=" => number_equal,
            "<" => number_less,
            "asString" => |_, _, a| Ok(Value::string(&double::format(a[0].as_f64().unwrap_or(f64::NAN)))),
            _ => return None,
        },
        ("Double", true, "PositiveInfinity") => |_, _, _| Ok(Value::from_f64(f64::INFINITY)),
        ("Double", true, "fromString:") => double_from_string,
        ("String", false, s) => match s {
            "concatenate:" => string_concatenate,
            "asSymbol" => |u, _, a| Ok(u.symbol(&string(u, &a[0])?)),
            "hashcode" => object_hashcode,
            "length" => |u, _, a| Ok(Value::Int(string(u, &a[0])?.chars().count() as i64)),
            "isWhiteSpace" => |u, _, a| predicate(u, a, char::is_whitespace),
            "isLetters" => |u, _, a| predicate(u, a, char::is_alphabetic),
            "isDigits" => |u, _, a| predicate(u, a, |c| c.is_ascii_digit()),
            "=" => string_equal,
            "primSubstringFrom:to:" => string_substring,
            _ => return None,
        },
        ("Symbol", false, "asString") => |u, _, a| Ok(Value::string(&string(u, &a[0])?)),
        ("Array", false, s) => match s {
            "at:" => array_at,
            "at:put:" => array_at_put,
            "length" => |u, _, a| Ok(Value::Int(array_len(u, &a[0])? as i64)),
            _ => return None,
        },
        ("Array", true, "new:") => array_new,
        ("System", false, s) => match s {
            "global:" => |u, _, a| Ok(u.global(&symbol(u, &a[1])?).unwrap_or(Value::Null)),
            "global:put:" => |u, _, a| {
                // Stored even for `nil`, `true`, … : the compiler never reads those (§4).
                let name = symbol(u, &a[1])?;
                u.set_global(&name, a[2]);
                Ok(a[0])
            },
            "hasGlobal:" => |u, _, a| Ok(Value::from_bool(u.global(&symbol(u, &a[1])?).is_some())),
            "load:" => |u, _, a| {
                let name = symbol(u, &a[1])?;
                Ok(u.load_class(&name)?.map(|c| u.class_object(c)).unwrap_or(Value::Null))
            },
            "loadFile:" => |u, _, a| {
                let path = string(u, &a[1])?;
                Ok(std::fs::read_to_string(path).map(|t| Value::string(&t)).unwrap_or(Value::Null))
            },
            "exit:" => system_exit,
            "printString:" => |u, _, a| {
                u.print(&string_arg(u, &a[1])?);
                Ok(a[0])
            },
            "printNewline" => |u, _, a| {
                u.print("\n");
                Ok(a[0])
            },
            "errorPrint:" => |u, _, a| {
                let s = string_arg(u, &a[1])?;
                u.error_print(&s);
                Ok(a[0])
            },
            "errorPrintln:" => |u, _, a| {
                let s = string_arg(u, &a[1])?;
                u.error_print(&format!("{s}\n"));
                Ok(a[0])
            },
            "printStackTrace" => |u, i, a| {
                let mut lines = Vec::new();
                i.ctx.iterate_frames(|f| {
                    lines.push(f.call_target().name().to_string());
                    None::<()>
                });
                for l in lines {
                    u.error_print(&format!("  {l}\n"));
                }
                Ok(a[0])
            },
            "time" => |u, _, _| Ok(Value::Int(u.elapsed().as_millis() as i64)),
            "ticks" => |u, _, _| Ok(Value::Int(u.elapsed().as_micros() as i64 + 1)),
            "fullGC" => |_, _, _| {
                bonsai::heap::collect();
                Ok(Value::TRUE)
            },
            _ => return None,
        },
        _ => return None,
    };
    Some(f)
}

// ----- argument kinds -----

/// The kind name of §9 used in error messages.
pub fn kind_name(u: &Universe, v: &Value) -> &'static str {
    let core = u.core();
    match v {
        Value::Int(_) => "Int",
        Value::BigInt(_) => "ArbInt",
        Value::Double(_) => "Double",
        Value::String(_) => "String_",
        _ if u.is_symbol(v) => "String_",
        _ if u.class_id_of_class_object(v).is_some() => "Class",
        Value::Object(_) => {
            let c = u.class_id_of(v);
            if c == core.array {
                "Array"
            } else if c == core.block1 || c == core.block2 || c == core.block3 {
                "Block"
            } else if c == core.method || c == core.primitive {
                "Method"
            } else {
                "Inst"
            }
        }
        _ => "Inst",
    }
}

fn string(u: &Universe, v: &Value) -> Result<String, GuestError> {
    u.string_of(v).ok_or_else(|| {
        vm_error(format!("Expected object of type 'String_' but got type '{}'", kind_name(u, v)))
    })
}

fn string_arg(u: &Universe, v: &Value) -> Result<String, GuestError> {
    string(u, v)
}

fn symbol(u: &Universe, v: &Value) -> Result<String, GuestError> {
    if u.is_symbol(v) {
        return string(u, v);
    }
    let kind =
        if matches!(v, Value::String(_)) { "String".to_string() } else { u.class_name(u.class_id_of(v)) };
    Err(vm_error(format!("Expected instance of 'Symbol' but got instance of '{kind}'")))
}

fn expected_numeric(u: &Universe, v: &Value) -> GuestError {
    vm_error(format!("Expected a numeric type but got type '{}'", kind_name(u, v)))
}

fn expected_int(u: &Universe, v: &Value) -> GuestError {
    vm_error(format!("Expected object of type 'Int' but got type '{}'", kind_name(u, v)))
}

fn to_f64(_: &Universe, v: &Value) -> Result<f64, GuestError> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::BigInt(b) => {
            double::big_to_f64(&b.to_bigint()).ok_or_else(|| vm_error("Can't represent as double"))
        }
        Value::Double(d) => Ok(d.get()),
        _ => Err(vm_error("Expected a numeric type")),
    }
}

// ----- Object -----

fn object_class(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    Ok(u.class_object(u.class_id_of(&a[0])))
}

/// Numeric equality of two numbers (Integer or Double, §9, §10): as doubles when one is a
/// Double (a big Integer beyond the double range equals no Double), else exactly.
fn numeric_equal(a: &Value, b: &Value) -> bool {
    let as_f64 = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::BigInt(g) => double::big_to_f64(&g.to_bigint()),
        Value::Double(d) => Some(d.get()),
        _ => None,
    };
    if matches!(a, Value::Double(_)) || matches!(b, Value::Double(_)) {
        return matches!((as_f64(a), as_f64(b)), (Some(x), Some(y)) if x == y);
    }
    number::compare(a, b) == Some(std::cmp::Ordering::Equal)
}

fn object_identical(_: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    if let Some(eq) = numbers_equal(x, y) {
        return Ok(Value::from_bool(eq));
    }
    Ok(Value::from_bool(x.same(y)))
}

/// Numeric equality when both are numbers (Integer or Double), `None` otherwise.
fn numbers_equal(x: &Value, y: &Value) -> Option<bool> {
    let is_num = |v: &Value| matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Double(_));
    if !is_num(x) || !is_num(y) {
        return None;
    }
    Some(numeric_equal(x, y))
}

fn object_hashcode(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    use std::hash::{Hash, Hasher};
    let v = &a[0];
    if let Some(s) = u.string_of(v) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.hash(&mut h);
        return Ok(Value::Int((h.finish() >> 2) as i64));
    }
    Ok(match v {
        Value::Int(i) => Value::Int(*i),
        Value::BigInt(b) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.to_bigint().hash(&mut h);
            Value::Int((h.finish() >> 2) as i64)
        }
        Value::Double(d) => {
            let x = if d.get() == 0.0 { 0.0f64 } else { d.get() };
            Value::Int((x.to_bits() >> 2) as i64)
        }
        Value::Null => Value::Int(1),
        Value::Bool(b) => Value::Int(if b.get() { 2 } else { 3 }),
        other => Value::Int((other.payload_bits() >> 3) as i64),
    })
}

fn perform(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let selector = symbol(u, &a[1])?;
    send(u, i, a[0], &selector, &[])
}

fn checked_arguments(
    u: &Universe,
    class: Option<usize>,
    selector: &str,
    args: &Value,
) -> Result<Vec<Value>, GuestError> {
    let args = u.array_elements(args).ok_or_else(|| {
        vm_error(format!("Expected object of type 'Array' but got type '{}'", kind_name(u, args)))
    })?;
    if let Some(m) = class.and_then(|c| u.lookup(c, selector)) {
        let (_, arity) = u.method_function(m);
        if arity != args.len() {
            return Err(vm_error(format!(
                "Tried passing {} arguments to a function that requires {arity}",
                args.len()
            )));
        }
    }
    Ok(args)
}

fn perform_with_arguments(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let selector = symbol(u, &a[1])?;
    let class = u.class_id_of(&a[0]);
    let args = checked_arguments(u, Some(class), &selector, &a[2])?;
    send(u, i, a[0], &selector, &args)
}

fn class_arg(u: &Universe, v: &Value) -> Result<usize, GuestError> {
    u.class_id_of_class_object(v).ok_or_else(|| {
        vm_error(format!("Expected object of type 'Class' but got type '{}'", kind_name(u, v)))
    })
}

fn perform_in_superclass(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let selector = symbol(u, &a[1])?;
    let class = class_arg(u, &a[2])?;
    send_from(u, i, Some(class), a[0], &selector, &[])
}

fn perform_with_arguments_in_superclass(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let selector = symbol(u, &a[1])?;
    let class = class_arg(u, &a[3])?;
    let args = checked_arguments(u, Some(class), &selector, &a[2])?;
    send_from(u, i, Some(class), a[0], &selector, &args)
}

fn field_index(
    u: &Universe,
    receiver: &Value,
    index: &Value,
) -> Result<bonsai::object::Location, GuestError> {
    let class = u.class_id_of(receiver);
    let count = u.with_class(class, |c| c.fields.len());
    let i = match index {
        Value::Int(i) => *i,
        other => return Err(expected_int(u, other)),
    };
    if i < 0 {
        return Err(vm_error("Can't represent as unsigned machine integer"));
    }
    if i < 1 || i as usize > count || !matches!(receiver, Value::Object(_)) {
        return Err(vm_error(format!("Index {i} not valid for array of length {count}")));
    }
    let name = u.with_class(class, |c| c.fields[i as usize - 1].clone());
    u.with_class(class, |c| c.instance_shape.lookup(&name))
        .ok_or_else(|| vm_error(format!("Index {i} not valid for array of length {count}")))
}

fn inst_var_at(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let location = field_index(u, &a[0], &a[1])?;
    match a[0] {
        Value::Object(o) => Ok(o.read(location)),
        _ => Ok(Value::Null),
    }
}

fn inst_var_at_put(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let location = field_index(u, &a[0], &a[1])?;
    if let Value::Object(o) = a[0] {
        o.write(location, a[2]);
    }
    Ok(a[0])
}

fn inst_var_named(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let name = symbol(u, &a[1])?;
    let class = u.class_id_of(&a[0]);
    let location =
        u.with_class(class, |c| if c.fields.contains(&name) { c.instance_shape.lookup(&name) } else { None });
    match (location, a[0]) {
        (Some(l), Value::Object(o)) => Ok(o.read(l)),
        _ => Err(vm_error(format!("No field named '{name}'"))),
    }
}

// ----- Class -----

fn receiver_class(u: &Universe, v: &Value) -> Result<usize, GuestError> {
    class_arg(u, v)
}

fn class_name(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let c = receiver_class(u, &a[0])?;
    Ok(u.symbol(&u.class_name(c)))
}

fn class_new(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let c = receiver_class(u, &a[0])?;
    let shape = u.with_class(c, |c| c.instance_shape);
    Ok(Value::Object(bonsai::object::DynamicObject::new(shape)))
}

fn class_superclass(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let c = receiver_class(u, &a[0])?;
    Ok(u.superclass(c).map(|s| u.class_object(s)).unwrap_or(Value::Null))
}

fn class_fields(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let c = receiver_class(u, &a[0])?;
    let names = u.with_class(c, |c| c.fields.clone());
    let symbols: Vec<Value> = names.iter().map(|n| u.symbol(n)).collect();
    Ok(u.new_array(&symbols))
}

fn class_methods(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let c = receiver_class(u, &a[0])?;
    Ok(u.methods_array(c))
}

// ----- Method -----

fn method_of(u: &Universe, v: &Value) -> Result<usize, GuestError> {
    u.method_id_of(v).ok_or_else(|| {
        vm_error(format!("Expected object of type 'Method' but got type '{}'", kind_name(u, v)))
    })
}

fn method_signature(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let m = method_of(u, &a[0])?;
    let selector = u.with_method(m, |m| m.selector.clone());
    Ok(u.symbol(&selector))
}

fn method_holder(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let m = method_of(u, &a[0])?;
    let holder = u.with_method(m, |m| m.holder);
    Ok(u.class_object(holder))
}

fn method_invoke(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let m = method_of(u, &a[0])?;
    let (f, arity) = u.method_function(m);
    let args = u.array_elements(&a[2]).unwrap_or_default();
    if args.len() != arity {
        return Err(vm_error(format!(
            "Tried passing {} arguments to a function that requires {arity}",
            args.len()
        )));
    }
    let mut all = vec![a[1]];
    all.extend(args);
    i.call(f, &all)
}

// ----- Block -----

/// Calls a block: its function with the block and the arguments (§7).
pub fn call_block(u: &Universe, i: &mut Interp<'_>, block: Value, args: &[Value]) -> Result_ {
    let Value::Object(o) = block else {
        return does_not_understand(u, i, block, "value", args);
    };
    let function = u.block_layout(o.shape()).map(|(l, _)| o.read(l.function));
    let Some(Value::Function(f)) = function else {
        return does_not_understand(u, i, block, "value", args);
    };
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(block);
    all.extend_from_slice(args);
    i.call(f, &all)
}

fn block_value(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    call_block(u, i, a[0], &a[1..])
}

fn while_loop(u: &Universe, i: &mut Interp<'_>, a: &[Value], while_true: bool) -> Result_ {
    loop {
        let c = send(u, i, a[0], "value", &[])?;
        match c.as_bool() {
            Some(b) if b == while_true => {
                send(u, i, a[1], "value", &[])?;
            }
            Some(_) => return Ok(Value::Null),
            None => {
                let selector = if while_true { "ifFalse:" } else { "ifTrue:" };
                return does_not_understand(u, i, c, selector, &[Value::Null]);
            }
        }
    }
}

// ----- numbers -----

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    FloatDiv,
    Mod,
}

fn arith(u: &Universe, a: &[Value], op: Op) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    if !matches!(y, Value::Int(_) | Value::BigInt(_) | Value::Double(_)) {
        return Err(expected_numeric(u, y));
    }
    let float = matches!(x, Value::Double(_)) || matches!(y, Value::Double(_)) || op == Op::FloatDiv;
    if float {
        let (p, q) = (to_f64(u, x)?, to_f64(u, y)?);
        return Ok(Value::from_f64(match op {
            Op::Add => p + q,
            Op::Sub => p - q,
            Op::Mul => p * q,
            Op::FloatDiv => p / q,
            Op::Mod => double::fmod(p, q),
        }));
    }
    let r = match op {
        Op::Add => number::add(x, y),
        Op::Sub => number::sub(x, y),
        Op::Mul => number::mul(x, y),
        Op::Mod => match number::modulo_floor(x, y) {
            Some(Ok(v)) => Some(v),
            Some(Err(())) => return Err(vm_error("Division by zero")),
            None => None,
        },
        Op::FloatDiv => None,
    };
    r.ok_or_else(|| expected_numeric(u, y))
}

fn int_div(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    match y {
        Value::Double(d) => {
            let q = to_f64(u, x)? / d.get();
            rounded(double::truncate(q))
        }
        Value::Int(_) | Value::BigInt(_) => match number::div_trunc(x, y) {
            Some(Ok(v)) => Ok(v),
            Some(Err(())) => Err(vm_error("Division by zero")),
            None => Err(expected_numeric(u, y)),
        },
        _ => Err(expected_numeric(u, y)),
    }
}

fn int_rem(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    if let (Value::Int(p), Value::Int(q)) = (x, y) {
        // Truncated, as `BigInt`'s `%`; `i64::MIN rem: -1` is 0.
        return match p.checked_rem(*q) {
            Some(r) => Ok(Value::Int(r)),
            None if *q == 0 => Err(vm_error("Division by zero or overflow")),
            None => Ok(Value::Int(0)),
        };
    }
    if let Value::Double(d) = y {
        return Ok(Value::from_f64(double::fmod(to_f64(u, x)?, d.get())));
    }
    let (Some(p), Some(q)) = (number::to_bigint(x), number::to_bigint(y)) else {
        return Err(expected_numeric(u, y));
    };
    if q.is_zero() {
        return Err(vm_error("Division by zero or overflow"));
    }
    Ok(Value::integer(p % q))
}

/// A bitwise operation on two Integers (two's complement, of any size): `small` on 64-bit
/// operands (whose result is 64-bit too), `f` on big ones.
fn bitwise(
    u: &Universe,
    a: &[Value],
    small: fn(i64, i64) -> i64,
    f: fn(BigInt, BigInt) -> BigInt,
) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    if let (Value::Int(p), Value::Int(q)) = (x, y) {
        return Ok(Value::Int(small(*p, *q)));
    }
    let q = number::to_bigint(y).ok_or_else(|| expected_int(u, y))?;
    let p = number::to_bigint(x).ok_or_else(|| expected_int(u, x))?;
    Ok(Value::integer(f(p, q)))
}

fn shift_count(u: &Universe, v: &Value) -> Result<i64, GuestError> {
    match v {
        Value::Int(n) => Ok(*n),
        Value::BigInt(_) => Err(vm_error("Shift too big")),
        other => Err(expected_int(u, other)),
    }
}

fn int_shift_left(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let n = shift_count(u, &a[1])?;
    if n < 0 {
        return Err(vm_error("Negative shift"));
    }
    if n > 1 << 24 {
        return Err(vm_error("Shift too big"));
    }
    let x = number::to_bigint(&a[0]).ok_or_else(|| expected_int(u, &a[0]))?;
    Ok(Value::integer(x << n as usize))
}

fn int_shift_right(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let n = match &a[1] {
        Value::Int(n) => *n,
        Value::BigInt(_) => return Err(vm_error("Shift too big")),
        other => return Err(expected_numeric(u, other)),
    };
    if n < 0 {
        return Err(vm_error("Negative shift"));
    }
    match &a[0] {
        Value::Int(x) => Ok(Value::Int(if n >= 64 { 0 } else { ((*x as u64) >> n) as i64 })),
        Value::BigInt(b) => Ok(Value::integer(b.to_bigint() >> n.min(1 << 24) as usize)),
        other => Err(expected_numeric(u, other)),
    }
}

fn int_sqrt(_: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    match &a[0] {
        Value::Int(x) => {
            if *x < 0 {
                return Err(vm_error("Domain error"));
            }
            let r = (*x as f64).sqrt();
            if r.fract() == 0.0 && r < 9.2e18 {
                Ok(Value::Int(r as i64))
            } else {
                Ok(Value::from_f64(r))
            }
        }
        Value::BigInt(b) => {
            let b = b.to_bigint();
            if b.is_negative() {
                return Err(vm_error("Domain error"));
            }
            Ok(Value::integer(b.sqrt()))
        }
        _ => Err(vm_error("Domain error")),
    }
}

fn int_at_random(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let Value::Int(n) = a[0] else { return Err(expected_int(u, &a[0])) };
    if n <= 0 {
        return Ok(Value::Int(0));
    }
    let seed = u.elapsed().as_nanos() as u64;
    let mut x = seed ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    Ok(Value::Int((x % n as u64) as i64))
}

fn number_equal(_: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    Ok(Value::from_bool(numbers_equal(&a[0], &a[1]).unwrap_or(false)))
}

fn number_less(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let (x, y) = (&a[0], &a[1]);
    if !matches!(y, Value::Int(_) | Value::BigInt(_) | Value::Double(_)) {
        return Err(expected_numeric(u, y));
    }
    if matches!(x, Value::Double(_)) || matches!(y, Value::Double(_)) {
        return Ok(Value::from_bool(to_f64(u, x)? < to_f64(u, y)?));
    }
    Ok(Value::from_bool(number::compare(x, y) == Some(std::cmp::Ordering::Less)))
}

fn low32(v: &Value) -> u32 {
    match v {
        Value::Int(i) => *i as u32,
        Value::BigInt(b) => {
            let b = b.to_bigint();
            let m: BigInt = b & BigInt::from(0xFFFF_FFFFu64);
            m.to_u32().unwrap_or(0)
        }
        _ => 0,
    }
}

fn rounded(r: Option<double::Rounded>) -> Result_ {
    match r {
        Some(double::Rounded::Small(i)) => Ok(Value::Int(i)),
        Some(double::Rounded::Big(b)) => Ok(Value::integer(b)),
        None => Err(vm_error("Can't represent as integer")),
    }
}

fn int_from_string(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let text = string(u, &a[1])?;
    let digits = text.strip_prefix('-').unwrap_or(&text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(vm_error(format!("'{text}' cannot be converted to an Integer")));
    }
    match text.parse::<BigInt>() {
        Ok(b) => Ok(Value::integer(b)),
        Err(_) => Err(vm_error(format!("'{text}' cannot be converted to an Integer"))),
    }
}

fn double_from_string(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let text = string(u, &a[1])?;
    double::from_string(&text)
        .map(Value::from_f64)
        .ok_or_else(|| vm_error(format!("'{text}' cannot be converted to a Double")))
}

fn system_exit(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    match a[1] {
        Value::Int(n) if i32::try_from(n).is_ok() => {
            u.flush();
            Err(GuestError::exit(n as i32))
        }
        Value::Int(_) | Value::BigInt(_) => Err(vm_error("Domain error")),
        other => Err(expected_int(u, &other)),
    }
}

// ----- strings -----

fn string_concatenate(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let x = string(u, &a[0])?;
    let y = string(u, &a[1])?;
    let joined = x + &y;
    if u.is_symbol(&a[0]) {
        Ok(u.symbol(&joined))
    } else {
        Ok(Value::string(&joined))
    }
}

fn predicate(u: &Universe, a: &[Value], f: fn(char) -> bool) -> Result_ {
    let s = string(u, &a[0])?;
    Ok(Value::from_bool(!s.is_empty() && s.chars().all(f)))
}

fn string_equal(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let x = string(u, &a[0])?;
    Ok(Value::from_bool(u.string_of(&a[1]).is_some_and(|y| x == y)))
}

fn string_substring(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let s = string(u, &a[0])?;
    let (Value::Int(start), Value::Int(end)) = (a[1], a[2]) else {
        return Err(expected_int(u, if matches!(a[1], Value::Int(_)) { &a[2] } else { &a[1] }));
    };
    let chars: Vec<char> = s.chars().collect();
    if start < 1 || end > chars.len() as i64 || start > end + 1 {
        return Err(vm_error(format!("Index {start} not valid for string of length {}", chars.len())));
    }
    let sub: String = chars[(start - 1) as usize..end.max(start - 1) as usize].iter().collect();
    Ok(Value::string(&sub))
}

// ----- arrays -----

fn array_len(u: &Universe, v: &Value) -> Result<usize, GuestError> {
    match v {
        Value::Object(o) if u.is_array(v) => Ok(o.element_count()),
        other => {
            Err(vm_error(format!("Expected object of type 'Array' but got type '{}'", kind_name(u, other))))
        }
    }
}

fn array_index(u: &Universe, array: &Value, index: &Value) -> Result<usize, GuestError> {
    let len = array_len(u, array)?;
    match index {
        Value::Int(i) if *i < 0 => Err(vm_error("Can't represent as unsigned machine integer")),
        Value::Int(i) if *i >= 1 && (*i as usize) <= len => Ok(*i as usize - 1),
        Value::Int(i) => Err(vm_error(format!("Index {i} not valid for array of length {len}"))),
        Value::BigInt(b) if b.to_bigint().is_negative() => {
            Err(vm_error("Can't represent as unsigned machine integer"))
        }
        Value::BigInt(b) => {
            Err(vm_error(format!("Index {} not valid for array of length {len}", b.to_bigint())))
        }
        other => Err(expected_int(u, other)),
    }
}

fn array_at(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let i = array_index(u, &a[0], &a[1])?;
    match a[0] {
        Value::Object(o) => Ok(o.element(i).unwrap_or(Value::Null)),
        _ => Ok(Value::Null),
    }
}

fn array_at_put(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let i = array_index(u, &a[0], &a[1])?;
    if let Value::Object(o) = a[0] {
        o.set_element(i, a[2]);
    }
    Ok(a[2])
}

fn array_new(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let n = match a[1] {
        Value::Int(n) if n >= 0 => n as usize,
        Value::Int(_) => return Err(vm_error("Can't represent as unsigned machine integer")),
        other => return Err(expected_int(u, &other)),
    };
    if n > 1 << 28 {
        return Err(GuestError::limit(format!("Array of {n} elements is too large")));
    }
    let class = u.class_id_of_class_object(&a[0]).unwrap_or(u.core().array);
    let shape = u.with_class(class, |c| c.instance_shape);
    let array = bonsai::object::DynamicObject::new(shape);
    array.extend_elements_filled(n, Value::Null);
    Ok(Value::Object(array))
}
