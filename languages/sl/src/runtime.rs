//! SL's runtime: the context (function registry, I/O), value conversions and the one place
//! guest-visible messages are formatted (spec §11, §12).

use crate::polyglot::SL;
use bonsai::error::GuestError;
use bonsai::function::{Function, FunctionRef};
use bonsai::object::{DynamicObject, Shape, ShapeRef};
use bonsai::polyglot::{foreign_display_string, is_foreign};
use bonsai::source::SourceSection;
use bonsai::value::{number, Value};
use indexmap::IndexMap;
use std::cell::RefCell;
use std::io::{BufRead, Write};
use std::time::Instant;

/// SL's types, as `typeOf` reports them (spec §5, §10), in `typeOf`'s checking order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlType {
    Null,
    Number,
    String,
    Boolean,
    Function,
    Object,
}

impl SlType {
    pub const ALL: [SlType; 6] =
        [SlType::Null, SlType::Number, SlType::String, SlType::Boolean, SlType::Function, SlType::Object];

    /// The type object's name (its display string).
    pub fn name(self) -> &'static str {
        match self {
            SlType::Null => "NULL",
            SlType::Number => "Number",
            SlType::String => "String",
            SlType::Boolean => "Boolean",
            SlType::Function => "Function",
            SlType::Object => "Object",
        }
    }

    /// The type of `v`; `None` for type objects (spec §10, `typeOf`).
    pub fn of(v: &Value) -> Option<SlType> {
        Some(match v {
            Value::Null => SlType::Null,
            // A double comes only from another language (SL's numbers are integers): a number.
            Value::Int(_) | Value::BigInt(_) | Value::Double(_) => SlType::Number,
            Value::String(_) => SlType::String,
            Value::Bool(_) => SlType::Boolean,
            Value::Function(_) => SlType::Function,
            Value::Object(_) if type_object_kind(v).is_some() => return None,
            Value::Object(_) => SlType::Object,
        })
    }

    fn index(self) -> usize {
        SlType::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

thread_local! {
    /// One root shape per type object: a type object is recognized by its shape.
    static TYPE_SHAPES: [ShapeRef; 6] = std::array::from_fn(|_| Shape::new_root_in(Some(SL), Value::Null));
}

/// The type a type object stands for; `None` for every other value.
pub fn type_object_kind(v: &Value) -> Option<SlType> {
    let Value::Object(o) = v else { return None };
    let shape = o.shape();
    TYPE_SHAPES.with(|shapes| shapes.iter().position(|s| std::ptr::eq(*s, shape)).map(|i| SlType::ALL[i]))
}

/// The state of one SL program run: the global function registry and the I/O streams.
pub struct SlContext {
    /// The root shape of every object created by `new()`.
    object_shape: ShapeRef,
    /// The type objects `typeOf` returns (immortal, in `SlType::ALL` order).
    type_objects: std::cell::OnceCell<[Value; 6]>,
    /// Functions registered by `registerShutdownHook`, in order.
    shutdown_hooks: RefCell<Vec<FunctionRef>>,
    functions: RefCell<IndexMap<String, FunctionRef>>,
    output: RefCell<Box<dyn Write>>,
    /// The first failure to write the program's output (the launcher reports it and exits
    /// with a failure status).
    output_error: RefCell<Option<std::io::Error>>,
    input: RefCell<Box<dyn BufRead>>,
    start: Instant,
}

impl SlContext {
    /// A context printing to `output` and reading `readln` lines from `input`.
    pub fn new(output: Box<dyn Write>, input: Box<dyn BufRead>) -> SlContext {
        SlContext {
            object_shape: Shape::new_root_in(Some(SL), Value::Null),
            type_objects: std::cell::OnceCell::new(),
            shutdown_hooks: RefCell::new(Vec::new()),
            functions: RefCell::new(IndexMap::new()),
            output: RefCell::new(output),
            output_error: RefCell::new(None),
            input: RefCell::new(input),
            start: Instant::now(),
        }
    }

    /// The function object named `name`, created (undefined) on first mention: exactly one
    /// function object exists per name (spec §5).
    pub fn function(&self, name: &str) -> FunctionRef {
        if let Some(f) = self.functions.borrow().get(name) {
            return f;
        }
        let f = Function::new(name, undefined_function);
        self.functions.borrow_mut().insert(name.to_string(), f);
        f
    }

    /// A new empty object (`new()`).
    pub fn new_object(&self) -> Value {
        Value::Object(DynamicObject::new(self.object_shape))
    }

    /// The shape of objects made by `new()`.
    pub fn object_shape(&self) -> ShapeRef {
        self.object_shape
    }

    /// The type object of `t`.
    pub fn type_object(&self, t: SlType) -> Value {
        // Made on first use: a program that never asks for a type allocates nothing before it
        // runs (the heap may still be starting, see `bonsai::heap::initialize_in_background`).
        let objects = self.type_objects.get_or_init(|| {
            TYPE_SHAPES.with(|shapes| shapes.map(|s| Value::Object(DynamicObject::new_immortal(s))))
        });
        objects[t.index()]
    }

    /// Registers a shutdown hook.
    pub fn add_shutdown_hook(&self, f: FunctionRef) {
        self.shutdown_hooks.borrow_mut().push(f);
    }

    /// Takes the registered shutdown hooks (each runs once).
    pub fn take_shutdown_hooks(&self) -> Vec<FunctionRef> {
        std::mem::take(&mut *self.shutdown_hooks.borrow_mut())
    }

    /// The functions defined so far, in registration order.
    pub fn functions(&self) -> Vec<FunctionRef> {
        self.functions.borrow().values().copied().collect()
    }

    /// Writes `text` and a newline to the program output.
    /// Writes `text` and a newline to the program's output. A failed write is recorded
    /// ([`SlContext::take_output_error`]) and ends the program with an error.
    pub fn println(&self, text: &str) -> Result<(), GuestError> {
        let written = writeln!(self.output.borrow_mut(), "{text}");
        written.map_err(|e| self.output_failed(e))
    }

    /// Flushes the program's output; a failure is recorded like a failed write.
    pub fn flush(&self) {
        let flushed = self.output.borrow_mut().flush();
        if let Err(e) = flushed {
            self.output_failed(e);
        }
    }

    fn output_failed(&self, e: std::io::Error) -> GuestError {
        let message = format!("cannot write the program's output: {e}");
        self.output_error.borrow_mut().get_or_insert(e);
        GuestError::new(message)
    }

    /// The first failure to write the program's output, if any.
    pub fn take_output_error(&self) -> Option<std::io::Error> {
        self.output_error.borrow_mut().take()
    }

    /// Reads one line without its terminator; `""` at end of input.
    pub fn readln(&self) -> Result<String, GuestError> {
        self.flush();
        let mut line = String::new();
        self.input.borrow_mut().read_line(&mut line).map_err(|e| GuestError::new(e.to_string()))?;
        if line.ends_with('\n') {
            line.pop();
            if line.ends_with('\r') {
                line.pop();
            }
        }
        Ok(line)
    }

    /// Nanoseconds of a monotonic clock since the context was created.
    pub fn nano_time(&self) -> i64 {
        i64::try_from(self.start.elapsed().as_nanos()).unwrap_or(i64::MAX)
    }
}

fn undefined_function(f: &Function) -> GuestError {
    GuestError::new(format!("Undefined function: {}", f.name()))
}

/// The display string of spec §12 (used by `println` and the `main` result).
pub fn display(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(_) | Value::BigInt(_) => number::to_decimal(v).unwrap_or_default(),
        Value::Double(d) => d.get().to_string(),
        Value::String(s) => s.to_string(),
        Value::Function(f) => f.name().to_string(),
        Value::Object(_) if is_foreign(v, SL) => {
            foreign_display_string(v).unwrap_or_else(|| "Object".to_string())
        }
        Value::Object(_) => match type_object_kind(v) {
            Some(t) => t.name().to_string(),
            None => "Object".to_string(),
        },
    }
}

/// The string conversion of spec §12 (string concatenation, property keys).
pub fn to_sl_string(v: &Value) -> String {
    match v {
        // Another language's object converts to its display string.
        Value::Object(_) if is_foreign(v, SL) => display(v),
        Value::Object(_) => "[foreign object]".to_string(),
        other => display(other),
    }
}

/// A value as rendered in type errors (spec §11.3): `Number 3`, `String "4"`, ….
pub fn render_for_error(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => format!("Boolean {b}"),
        Value::Int(_) | Value::BigInt(_) | Value::Double(_) => format!("Number {}", display(v)),
        Value::String(s) => format!("String \"{}\"", &***s),
        Value::Function(f) => format!("Function {}", f.name()),
        Value::Object(_) if is_foreign(v, SL) => format!("Object {}", display(v)),
        Value::Object(_) => match type_object_kind(v) {
            Some(t) => t.name().to_string(),
            None => "Object Object".to_string(),
        },
    }
}

/// `Type error at SOURCE line L col C: operation "OP" not defined for V1, V2` (spec §11.3);
/// without a location for builtin type errors.
pub fn type_error(op: &str, operands: &[Value], location: Option<&SourceSection>) -> GuestError {
    let values: Vec<String> = operands.iter().map(render_for_error).collect();
    let at = match location {
        Some(section) => format!(" at {section}"),
        None => String::new(),
    };
    GuestError::new(format!("Type error{at}: operation \"{op}\" not defined for {}", values.join(", ")))
}

/// `Undefined property: KEY` (spec §9, §11.3).
pub fn undefined_property(key: &str) -> GuestError {
    GuestError::new(format!("Undefined property: {key}"))
}

/// `Undefined function: V` for calling a non-function value (spec §8).
pub fn not_a_function(v: &Value) -> GuestError {
    GuestError::new(format!("Undefined function: {}", display(v)))
}

/// SL equality (spec §6.3): never fails; cross-type comparisons are false.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(_) | Value::BigInt(_), Value::Int(_) | Value::BigInt(_)) => {
            number::compare(a, b) == Some(std::cmp::Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => ***x == ***y,
        // A quirk of the reference: type objects equal nothing, not even themselves.
        _ if type_object_kind(a).is_some() || type_object_kind(b).is_some() => false,
        _ => a.same(b),
    }
}
