//! The universe of one SOM run: classes and metaclasses, methods, the symbol table, the
//! globals, the class path and lazy class loading (spec §1, §5).
//!
//! Representation of SOM objects as framework values (spec §5.2):
//!
//! | SOM | value |
//! | --- | --- |
//! | `nil`, `true`, `false` | `Value::Null`, `Value::Bool` |
//! | Integer, Double, String | `Value::Int`/`Value::BigInt`, `Value::Double`, `Value::String` |
//! | every other object | `Value::Object`: a `DynamicObject` whose shape's object type is its class |
//!
//! A class object is an immortal `DynamicObject` whose element 0 is its [`ClassId`] (an index
//! into the universe's class table) and whose properties are its class-side fields; its
//! shape's object type is its metaclass. A Symbol's element 0 is its characters (an immortal
//! string). An Array's elements are its elements. Blocks, contexts and activation markers are
//! described in [`crate::nodes`].

use crate::builder::MethodBuilder;
use crate::class_path::{load_class_file, ClassPath, LoadError};
use crate::nodes::block::BlockLayout;
use crate::parser::{check_inherited, ClassDef, MethodBody, Superclass};
use crate::primitives;
use bonsai::call::CallTarget;
use bonsai::error::GuestError;
use bonsai::function::{Function, FunctionRef};
use bonsai::object::{DynamicObject, Location, NamedValues, Shape, ShapeRef};
use bonsai::value::Value;
use indexmap::IndexMap;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::rc::{Rc, Weak};
use std::time::Instant;

/// Index of a class (or metaclass) in the universe's class table.
pub type ClassId = usize;
/// Index of a method in the universe's method table.
pub type MethodId = usize;

/// What the universe knows about one class or metaclass (spec §5.1).
pub struct ClassInfo {
    /// `Foo`, or `Foo class` for a metaclass.
    pub name: String,
    /// The class object (immortal).
    pub object: Value,
    /// The superclass; `None` only for `Object`.
    pub superclass: Option<ClassId>,
    /// The metaclass, for a class; `None` for a metaclass (whose class is `Metaclass`).
    pub metaclass: Option<ClassId>,
    /// Names of the instance fields, inherited first (for a metaclass: the class-side fields).
    pub fields: Vec<String>,
    /// The shape of every instance: a root of this class, with every field.
    pub instance_shape: ShapeRef,
    /// The class's own methods in definition order.
    pub methods: IndexMap<String, MethodId>,
    /// The Array answered by `methods` (made on first use, then always the same, §12).
    pub methods_array: Option<Value>,
}

/// One method or primitive (spec §12 `Method`/`Primitive`).
pub struct MethodInfo {
    pub selector: String,
    /// The class that defines it.
    pub holder: ClassId,
    /// Its function: arguments are the receiver, then the message arguments.
    pub function: FunctionRef,
    /// Number of message arguments.
    pub arity: usize,
    /// Declared `primitive`.
    pub primitive: bool,
    /// The native `value`/`value:`/`value:with:` primitive of a block class (see
    /// [`Universe::block_value_function`]).
    pub block_value: bool,
    /// The `Method`/`Primitive` object (made on first use).
    pub object: Option<Value>,
}

/// The classes the VM itself needs by name, found when the core library is loaded.
#[derive(Default, Clone, Copy)]
pub struct CoreClasses {
    pub object: ClassId,
    pub class: ClassId,
    pub metaclass: ClassId,
    pub nil: ClassId,
    pub true_: ClassId,
    pub false_: ClassId,
    pub integer: ClassId,
    pub double: ClassId,
    pub string: ClassId,
    pub symbol: ClassId,
    pub array: ClassId,
    pub method: ClassId,
    pub primitive: ClassId,
    pub system: ClassId,
    pub block1: ClassId,
    pub block2: ClassId,
    pub block3: ClassId,
}

/// One run's universe.
pub struct Universe {
    me: Weak<Universe>,
    pub class_path: ClassPath,
    classes: RefCell<Vec<ClassInfo>>,
    methods: RefCell<Vec<MethodInfo>>,
    /// Symbol characters → the interned Symbol object (immortal).
    symbols: RefCell<HashMap<String, Value>>,
    /// The globals' values (where the collector sees them).
    globals: NamedValues,
    /// The class object of `Metaclass`, allocated before `Metaclass` is loaded (every
    /// metaclass object's shape has it as object type).
    metaclass_object: Value,
    /// The shape of every metaclass object (an instance of `Metaclass`).
    metaclass_instance_shape: ShapeRef,
    core: Cell<Option<CoreClasses>>,
    /// The `system` object.
    system: Cell<Value>,
    /// Buffered standard output.
    out: RefCell<Vec<u8>>,
    /// Where standard output goes.
    output: RefCell<Box<dyn Write>>,
    /// Where standard error goes (`errorPrint:`, error reports).
    errors: RefCell<Box<dyn Write>>,
    start: Instant,
    /// The class named by TARGET: its file and the name it is known by (§1).
    target: RefCell<Option<(String, PathBuf)>>,
    /// Shapes of the VM's own helper objects.
    pub helper_shapes: HelperShapes,
    /// Shapes of block objects by number of parameters, with their layouts (made on first
    /// use).
    block_shapes: RefCell<HashMap<usize, (ShapeRef, BlockLayout)>>,
    /// Source positions of sends, for tracebacks (§14.2): the frame slot [`AT_SLOT`] of an
    /// activation holds the index of the send it is executing.
    positions: RefCell<Vec<SendPosition>>,
    /// The traceback of the first VM-level error, taken where it was raised.
    traceback: RefCell<Option<String>>,
    /// `ForeignObject`, once loaded (see [`Universe::foreign_class`]).
    foreign: Cell<Option<ClassId>>,
    /// The call targets of every block built, in build order (for tree dumps).
    block_targets: RefCell<Vec<&'static CallTarget>>,
}

/// The frame slot of every method and block activation that holds the position of the send
/// being executed (an index into the universe's positions).
pub const AT_SLOT: bonsai::frame::FrameSlot = bonsai::frame::FrameSlot(3);

/// Where a send is: `File PATH, line L, column C:` and its source line (§14.2).
pub struct SendPosition {
    pub path: Rc<str>,
    /// 1-based.
    pub line: u32,
    /// 0-based, in characters.
    pub column: u32,
    pub source_line: String,
}

/// Shapes of objects the VM makes for itself (not SOM objects).
pub struct HelperShapes {
    /// An activation marker: one property `alive` (§7, non-local return).
    pub marker: ShapeRef,
}

/// A VM-level error (§14.2): its message without the final period.
pub fn vm_error(message: impl Into<String>) -> GuestError {
    GuestError::new(message)
}

impl Universe {
    /// A new universe over `class_path`. Nothing is loaded yet: see [`Universe::bootstrap`].
    pub fn new(class_path: ClassPath, output: Box<dyn Write>, errors: Box<dyn Write>) -> Rc<Universe> {
        let metaclass_object = Value::Object(DynamicObject::new_immortal(Shape::new_root_in(
            Some(crate::polyglot::SOM),
            Value::Null,
        )));
        let metaclass_instance_shape = Shape::new_root_in(Some(crate::polyglot::SOM), metaclass_object);
        let marker = Shape::new_root_in(Some(crate::polyglot::SOM), Value::Null)
            .with_property("alive")
            .expect("one property");
        Rc::new_cyclic(|me| Universe {
            me: me.clone(),
            class_path,
            classes: RefCell::new(Vec::new()),
            methods: RefCell::new(Vec::new()),
            symbols: RefCell::new(HashMap::new()),
            globals: NamedValues::new(),
            metaclass_object,
            metaclass_instance_shape,
            core: Cell::new(None),
            system: Cell::new(Value::Null),
            out: RefCell::new(Vec::new()),
            output: RefCell::new(output),
            errors: RefCell::new(errors),
            start: Instant::now(),
            target: RefCell::new(None),
            helper_shapes: HelperShapes { marker },
            block_shapes: RefCell::new(HashMap::new()),
            positions: RefCell::new(Vec::new()),
            traceback: RefCell::new(None),
            foreign: Cell::new(None),
            block_targets: RefCell::new(Vec::new()),
        })
    }

    /// This universe as an `Rc` (for nodes and primitives that keep it).
    pub fn rc(&self) -> Rc<Universe> {
        self.me.upgrade().expect("the universe is alive while it runs")
    }

    /// The core classes; only after [`Universe::bootstrap`].
    pub fn core(&self) -> CoreClasses {
        self.core.get().unwrap_or_default()
    }

    /// Startup steps 1 and 2 of §1: loads the core classes by name from the class path,
    /// creates `system`, and remembers the target class file.
    pub fn bootstrap(&self, target_name: &str, target_file: Option<PathBuf>) -> Result<(), GuestError> {
        if let Some(file) = target_file {
            *self.target.borrow_mut() = Some((target_name.to_string(), file));
        }
        let load = |name: &str| -> Result<ClassId, GuestError> {
            match self.load_class(name)? {
                Some(id) => Ok(id),
                None => Err(vm_error(format!(
                    "Core class '{name}' not found on the class path '{}'",
                    self.class_path
                ))),
            }
        };
        let object = load("Object")?;
        let class = load("Class")?;
        let metaclass = load("Metaclass")?;
        // `Object class superclass` is `Class` (§5.1): known only now.
        let object_meta = self.classes.borrow()[object].metaclass;
        if let Some(m) = object_meta {
            self.classes.borrow_mut()[m].superclass = Some(class);
        }
        let core = CoreClasses {
            object,
            class,
            metaclass,
            nil: load("Nil")?,
            true_: load("True")?,
            false_: load("False")?,
            integer: load("Integer")?,
            double: load("Double")?,
            string: load("String")?,
            symbol: load("Symbol")?,
            array: load("Array")?,
            method: load("Method")?,
            primitive: load("Primitive")?,
            system: load("System")?,
            block1: load("Block1")?,
            block2: load("Block2")?,
            block3: load("Block3")?,
        };
        for name in ["Block", "Boolean"] {
            load(name)?;
        }
        self.core.set(Some(core));
        let shape = self.classes.borrow()[core.system].instance_shape;
        let system = Value::Object(DynamicObject::new_immortal(shape));
        self.system.set(system);
        self.set_global("system", system);
        Ok(())
    }

    /// The `system` object.
    pub fn system(&self) -> Value {
        self.system.get()
    }

    // ----- output -----

    /// Appends to standard output (flushed at exit and when the buffer is large).
    pub fn print(&self, text: &str) {
        let full = {
            let mut out = self.out.borrow_mut();
            out.extend_from_slice(text.as_bytes());
            out.len() > 1 << 16
        };
        if full {
            self.flush();
        }
    }

    /// Writes buffered standard output.
    pub fn flush(&self) {
        let mut out = self.out.borrow_mut();
        let mut output = self.output.borrow_mut();
        let _ = output.write_all(&out);
        let _ = output.flush();
        out.clear();
    }

    /// Writes `text` to standard error (after flushing standard output, so that the two
    /// streams interleave as the program wrote them).
    pub fn error_print(&self, text: &str) {
        self.flush();
        let mut errors = self.errors.borrow_mut();
        let _ = errors.write_all(text.as_bytes());
        let _ = errors.flush();
    }

    /// Milliseconds since the run started.
    pub fn elapsed(&self) -> std::time::Duration {
        self.start.elapsed()
    }

    // ----- globals -----

    /// The value of global `name`, if defined.
    pub fn global(&self, name: &str) -> Option<Value> {
        self.globals.get(name)
    }

    /// Defines or replaces global `name` (§5.4).
    pub fn set_global(&self, name: &str, value: Value) {
        self.globals.set(name, value);
    }

    /// Global `name`, loading the class of that name from the class path when there is no
    /// such global (§5.4, §8). `Ok(None)`: neither.
    pub fn global_or_load(&self, name: &str) -> Result<Option<Value>, GuestError> {
        if let Some(v) = self.global(name) {
            return Ok(Some(v));
        }
        Ok(self.load_class(name)?.map(|id| self.class_object(id)))
    }

    // ----- symbols -----

    /// The interned Symbol `#name` (§11).
    pub fn symbol(&self, name: &str) -> Value {
        if let Some(s) = self.symbols.borrow().get(name) {
            return *s;
        }
        let shape = self.classes.borrow()[self.core().symbol].instance_shape;
        let object = DynamicObject::new_immortal(shape);
        object.push_element(Value::string_constant(name));
        let v = Value::Object(object);
        self.symbols.borrow_mut().insert(name.to_string(), v);
        v
    }

    /// The characters of a String or Symbol.
    pub fn string_of(&self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.to_string()),
            Value::Object(o) if self.class_id_of(v) == self.core().symbol => match o.element(0) {
                Some(Value::String(s)) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `v` is a Symbol.
    pub fn is_symbol(&self, v: &Value) -> bool {
        matches!(v, Value::Object(_)) && self.class_id_of(v) == self.core().symbol
    }

    // ----- arrays -----

    /// A new Array holding `values`.
    pub fn new_array(&self, values: &[Value]) -> Value {
        let shape = self.classes.borrow()[self.core().array].instance_shape;
        let a = DynamicObject::new(shape);
        a.extend_elements(values.len(), |i| values[i]);
        Value::Object(a)
    }

    /// A new immortal Array holding `values` (literal arrays, `methods`).
    pub fn new_immortal_array(&self, values: &[Value]) -> Value {
        let shape = self.classes.borrow()[self.core().array].instance_shape;
        let a = DynamicObject::new_immortal(shape);
        a.extend_elements(values.len(), |i| values[i]);
        Value::Object(a)
    }

    /// Whether `v` is an Array (an instance of `Array` or of a subclass).
    pub fn is_array(&self, v: &Value) -> bool {
        if !matches!(v, Value::Object(_)) {
            return false;
        }
        let array = self.core().array;
        let mut class = Some(self.class_id_of(v));
        while let Some(c) = class {
            if c == array {
                return true;
            }
            class = self.superclass(c);
        }
        false
    }

    /// The elements of an Array.
    pub fn array_elements(&self, v: &Value) -> Option<Vec<Value>> {
        match v {
            Value::Object(o) if self.is_array(v) => {
                Some((0..o.element_count()).filter_map(|i| o.element(i)).collect())
            }
            _ => None,
        }
    }

    // ----- classes -----

    /// The class of any value (§5.2).
    pub fn class_id_of(&self, v: &Value) -> ClassId {
        let core = self.core();
        match v {
            Value::Null => core.nil,
            Value::Bool(b) => {
                if b.get() {
                    core.true_
                } else {
                    core.false_
                }
            }
            Value::Int(_) | Value::BigInt(_) => core.integer,
            Value::Double(_) => core.double,
            Value::String(_) => core.string,
            Value::Function(_) => self.foreign_class(),
            Value::Object(o) => self.class_id_of_shape(o.shape()),
        }
    }

    /// The class of the objects of `shape` (the object type of a SOM shape is its class;
    /// objects of another language are `ForeignObject`s).
    pub fn class_id_of_shape(&self, shape: ShapeRef) -> ClassId {
        match shape.object_type() {
            Value::Object(class) => match class.element(0) {
                Some(Value::Int(i)) => i as usize,
                _ => self.core().object,
            },
            _ if shape.language().is_some_and(|l| l != crate::polyglot::SOM) => self.foreign_class(),
            _ => self.core().object,
        }
    }

    /// The class of values of other languages, `ForeignObject` (loaded on first use, so a
    /// class path without it works for programs that meet no foreign value; then `Object`).
    pub fn foreign_class(&self) -> ClassId {
        if let Some(c) = self.foreign.get() {
            return c;
        }
        let c = match self.load_class("ForeignObject") {
            Ok(Some(c)) => c,
            _ => self.core().object,
        };
        self.foreign.set(Some(c));
        c
    }

    /// Evaluates a class definition given as source text (named `source_name` in errors):
    /// defines the class, makes it a global, and answers the class object. A syntax error is
    /// the error message of a class file that does not compile (§14.3).
    pub fn define_class_from_source(&self, source_name: &str, text: &str) -> Result<Value, GuestError> {
        let def = crate::parser::parse_class(text).map_err(|error| {
            GuestError::new(LoadError::Compile { path: PathBuf::from(source_name), error }.render())
        })?;
        let name = def.name.name.clone();
        let id = self.define_class(&def, text, source_name)?;
        let class = self.class_object(id);
        self.set_global(&name, class);
        Ok(class)
    }

    /// The id of a class object (an instance of a metaclass, or of `Metaclass`), `None` for
    /// any other value.
    pub fn class_id_of_class_object(&self, v: &Value) -> Option<ClassId> {
        let Value::Object(c) = v else { return None };
        let Value::Object(type_object) = c.shape().object_type() else { return None };
        let Some(Value::Int(class)) = type_object.element(0) else { return None };
        let classes = self.classes.borrow();
        let info = classes.get(class as usize)?;
        if info.metaclass.is_some() && info.name != "Metaclass" {
            return None;
        }
        match c.element(0) {
            Some(Value::Int(i)) if (i as usize) < classes.len() => Some(i as usize),
            _ => None,
        }
    }

    /// The class object of `id`.
    pub fn class_object(&self, id: ClassId) -> Value {
        self.classes.borrow()[id].object
    }

    /// Runs `f` on the class info of `id`.
    pub fn with_class<R>(&self, id: ClassId, f: impl FnOnce(&ClassInfo) -> R) -> R {
        f(&self.classes.borrow()[id])
    }

    /// The name of class `id`.
    pub fn class_name(&self, id: ClassId) -> String {
        self.classes.borrow()[id].name.clone()
    }

    /// The superclass of `id`.
    pub fn superclass(&self, id: ClassId) -> Option<ClassId> {
        self.classes.borrow()[id].superclass
    }

    /// The metaclass of `id` (the class of its class object).
    pub fn metaclass_of(&self, id: ClassId) -> ClassId {
        let object = self.class_object(id);
        self.class_id_of(&object)
    }

    /// Looks `selector` up in `class` and its superclasses (§5.1).
    pub fn lookup(&self, class: ClassId, selector: &str) -> Option<MethodId> {
        let classes = self.classes.borrow();
        let mut c = Some(class);
        while let Some(id) = c {
            if let Some(m) = classes[id].methods.get(selector) {
                return Some(*m);
            }
            c = classes[id].superclass;
        }
        None
    }

    /// Runs `f` on the method info of `id`.
    pub fn with_method<R>(&self, id: MethodId, f: impl FnOnce(&MethodInfo) -> R) -> R {
        f(&self.methods.borrow()[id])
    }

    /// The function and arity of method `id`.
    pub fn method_function(&self, id: MethodId) -> (FunctionRef, usize) {
        let m = &self.methods.borrow()[id];
        (m.function, m.arity)
    }

    /// The specialized tree of every method (not the primitives), in load order.
    pub fn dump_trees(&self) -> String {
        self.method_targets().iter().map(|t| t.dump()).collect()
    }

    /// The call targets of every method (not the primitives), in load order.
    pub fn method_targets(&self) -> Vec<&'static CallTarget> {
        let functions: Vec<FunctionRef> =
            self.methods.borrow().iter().filter(|m| !m.primitive).map(|m| m.function).collect();
        functions.iter().filter_map(|f| f.target()).collect()
    }

    /// Remembers a block's call target (see [`Universe::find_target`]).
    pub fn register_block_target(&self, target: &'static CallTarget) {
        self.block_targets.borrow_mut().push(target);
    }

    /// The call target named `name`: a method's (primitives included) or a block's.
    pub fn find_target(&self, name: &str) -> Option<&'static CallTarget> {
        let functions: Vec<FunctionRef> = self.methods.borrow().iter().map(|m| m.function).collect();
        let blocks = self.block_targets.borrow();
        functions.iter().filter_map(|f| f.target()).chain(blocks.iter().copied()).find(|t| t.name() == name)
    }

    /// The `Method`/`Primitive` object of method `id` (§12), made on first use: an immortal
    /// object whose element 0 is the method's id.
    pub fn method_object(&self, id: MethodId) -> Value {
        if let Some(o) = self.methods.borrow()[id].object {
            return o;
        }
        let core = self.core();
        let class = if self.methods.borrow()[id].primitive { core.primitive } else { core.method };
        let shape = self.classes.borrow()[class].instance_shape;
        let object = DynamicObject::new_immortal(shape);
        object.push_element(Value::Int(id as i64));
        let v = Value::Object(object);
        self.methods.borrow_mut()[id].object = Some(v);
        v
    }

    /// The method id of a `Method`/`Primitive` object.
    pub fn method_id_of(&self, v: &Value) -> Option<MethodId> {
        let core = self.core();
        let class = self.class_id_of(v);
        if class != core.method && class != core.primitive {
            return None;
        }
        match v {
            Value::Object(o) => match o.element(0) {
                Some(Value::Int(i)) => Some(i as usize),
                _ => None,
            },
            _ => None,
        }
    }

    /// The `methods` Array of class `id` (§12: the same Array every time).
    pub fn methods_array(&self, id: ClassId) -> Value {
        if let Some(a) = self.classes.borrow()[id].methods_array {
            return a;
        }
        let ids: Vec<MethodId> = self.classes.borrow()[id].methods.values().copied().collect();
        let objects: Vec<Value> = ids.into_iter().map(|m| self.method_object(m)).collect();
        let array = self.new_immortal_array(&objects);
        self.classes.borrow_mut()[id].methods_array = Some(array);
        array
    }

    /// Registers the position of a send; the index is what activations store in [`AT_SLOT`].
    pub fn register_position(&self, position: SendPosition) -> i64 {
        let mut positions = self.positions.borrow_mut();
        positions.push(position);
        positions.len() as i64 - 1
    }

    /// Records the traceback of the activations running now (§14.2), unless one was
    /// recorded: called where a VM-level error is raised, before it unwinds them.
    pub fn record_traceback(&self, ctx: &bonsai::context::ExecContext) {
        if self.traceback.borrow().is_some() {
            return;
        }
        let mut entries = Vec::new();
        ctx.iterate_frames(|f| {
            let descriptor = f.call_target().frame_descriptor();
            if descriptor.len() > AT_SLOT.0 as usize && descriptor.slot(AT_SLOT).name == "^at" {
                if let Some(Value::Int(i)) = f.read_slot(AT_SLOT) {
                    entries.push(i as usize);
                }
            }
            None::<()>
        });
        if entries.is_empty() {
            return;
        }
        let positions = self.positions.borrow();
        let mut text = String::new();
        for i in entries.into_iter().rev() {
            if let Some(p) = positions.get(i) {
                text.push_str(&format!(
                    "  File {}, line {}, column {}:\n    {}\n",
                    p.path, p.line, p.column, p.source_line
                ));
            }
        }
        *self.traceback.borrow_mut() = Some(text);
    }

    /// The recorded traceback entries, if any.
    pub fn take_traceback(&self) -> Option<String> {
        self.traceback.borrow_mut().take()
    }

    /// The shape of blocks with `parameters` parameters: an instance of `Block1`, `Block2`
    /// or `Block3` (§5.2) with the hidden block properties ([`crate::nodes::BLOCK_PROPERTIES`]).
    pub fn block_shape(&self, parameters: usize) -> Result<ShapeRef, GuestError> {
        if let Some((s, _)) = self.block_shapes.borrow().get(&parameters) {
            return Ok(*s);
        }
        let name = format!("Block{}", parameters + 1);
        let class = match self.global(&name).and_then(|v| self.class_id_of_class_object(&v)) {
            Some(c) => c,
            None => self.load_class(&name)?.ok_or_else(|| {
                vm_error(format!(
                    "Blocks with {parameters} parameters need class {name}, which is not on the class path"
                ))
            })?,
        };
        let class_shape = self.classes.borrow()[class].instance_shape;
        let shape = crate::builder::block_shape_for(class_shape)
            .ok_or_else(|| GuestError::limit("Too many fields in a block class"))?;
        let layout = BlockLayout::of(shape).ok_or_else(|| vm_error("internal error: block shape"))?;
        self.block_shapes.borrow_mut().insert(parameters, (shape, layout));
        Ok(shape)
    }

    /// The layout and parameter count of a block object's shape; `None` when `shape` is not
    /// a block shape. A scan of at most three entries, no string lookups.
    pub fn block_layout(&self, shape: ShapeRef) -> Option<(BlockLayout, usize)> {
        self.block_shapes
            .borrow()
            .iter()
            .find(|(_, (s, _))| std::ptr::eq(*s, shape))
            .map(|(parameters, (_, layout))| (*layout, *parameters))
    }

    /// Where a block receiving `selector` keeps its function, when method `m` (found for
    /// `selector` in the class of an object of shape `shape`) is the native `value`
    /// primitive of the block's own arity (`Block1>>value`, `Block2>>value:`, …): a send can
    /// then call the block's function itself, with the block and the arguments (as
    /// `call_block` does), instead of the primitive. `None` otherwise.
    pub fn block_value_function(&self, m: MethodId, shape: ShapeRef, selector: &str) -> Option<Location> {
        if !self.methods.borrow()[m].block_value {
            return None;
        }
        let (layout, parameters) = self.block_layout(shape)?;
        (primitives::arity_of(selector) == parameters).then_some(layout.function)
    }

    // ----- loading -----

    /// Loads class `name` from the class path unless it is loaded (registering it as a
    /// global, §5.4). `Ok(None)`: no such class file. A file that does not compile is reported
    /// on stderr (§14.3) and ends the run with status 1.
    pub fn load_class(&self, name: &str) -> Result<Option<ClassId>, GuestError> {
        if let Some(v) = self.global(name) {
            if let Some(id) = self.class_id_of_class_object(&v) {
                if self.classes.borrow()[id].name == name {
                    return Ok(Some(id));
                }
            }
        }
        let target = self.target.borrow().clone();
        let loaded = match target {
            Some((target_name, file)) if target_name == name => {
                load_class_file(&file, None).map(|c| Some((file, c)))
            }
            _ => match self.class_path.find(name) {
                Some(path) => load_class_file(&path, Some(name)).map(|c| Some((path, c))),
                None => Ok(None),
            },
        };
        let (path, (def, text)) = match loaded {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.report_load_error(&e)),
        };
        let id = self.define_class(&def, &text, &path.display().to_string())?;
        self.set_global(name, self.class_object(id));
        Ok(Some(id))
    }

    fn report_load_error(&self, e: &LoadError) -> GuestError {
        self.error_print(&e.render());
        GuestError::exit(1)
    }

    /// Creates class `def` and its metaclass, and compiles their methods (§5.1, §5.4).
    fn define_class(&self, def: &ClassDef, text: &str, path: &str) -> Result<ClassId, GuestError> {
        let superclass = match &def.superclass {
            Superclass::Nil(_) => None,
            Superclass::Default => Some(self.resolve_superclass("Object")?),
            Superclass::Named(n) => Some(self.resolve_superclass(&n.name)?),
        };
        let (inherited, inherited_class_side) = match superclass {
            Some(s) => {
                let classes = self.classes.borrow();
                let meta = classes[s].metaclass.map(|m| classes[m].fields.clone()).unwrap_or_default();
                (classes[s].fields.clone(), meta)
            }
            None => (Vec::new(), Vec::new()),
        };
        let inherited_refs: Vec<&str> = inherited.iter().map(String::as_str).collect();
        let inherited_class_refs: Vec<&str> = inherited_class_side.iter().map(String::as_str).collect();
        if let Err(error) = check_inherited(def, text, &inherited_refs, &inherited_class_refs) {
            let e = LoadError::Compile { path: PathBuf::from(path), error };
            return Err(self.report_load_error(&e));
        }
        let name = def.name.name.clone();
        let mut fields = inherited;
        fields.extend(def.instance_fields.iter().map(|n| n.name.clone()));
        let mut class_fields = inherited_class_side;
        class_fields.extend(def.class_fields.iter().map(|n| n.name.clone()));

        // The metaclass object, an instance of Metaclass.
        let meta_object = Value::Object(DynamicObject::new_immortal(self.metaclass_instance_shape));
        let meta_shape =
            with_fields(Shape::new_root_in(Some(crate::polyglot::SOM), meta_object), &class_fields)?;
        let class_object = if name == "Metaclass" {
            let Value::Object(o) = self.metaclass_object else { return Err(unreachable_value()) };
            o.set_shape(meta_shape);
            self.metaclass_object
        } else {
            Value::Object(DynamicObject::new_immortal(meta_shape))
        };
        let instance_shape =
            with_fields(Shape::new_root_in(Some(crate::polyglot::SOM), class_object), &fields)?;
        let meta_superclass = match superclass {
            Some(s) => self.classes.borrow()[s].metaclass,
            None => self.core.get().map(|c| c.class),
        };
        let (class_id, meta_id) = {
            let mut classes = self.classes.borrow_mut();
            let class_id = classes.len();
            let meta_id = class_id + 1;
            classes.push(ClassInfo {
                name: name.clone(),
                object: class_object,
                superclass,
                metaclass: Some(meta_id),
                fields,
                instance_shape,
                methods: IndexMap::new(),
                methods_array: None,
            });
            classes.push(ClassInfo {
                name: format!("{name} class"),
                object: meta_object,
                superclass: meta_superclass,
                metaclass: None,
                fields: class_fields,
                instance_shape: meta_shape,
                methods: IndexMap::new(),
                methods_array: None,
            });
            (class_id, meta_id)
        };
        if let (Value::Object(c), Value::Object(m)) = (class_object, meta_object) {
            c.push_element(Value::Int(class_id as i64));
            m.push_element(Value::Int(meta_id as i64));
        }
        // Registered before its methods are compiled: compiling them may load other classes
        // (the block classes), whose superclass chains lead back here.
        self.set_global(&name, class_object);
        let universe = self.rc();
        for (holder, methods) in [(class_id, &def.instance_methods), (meta_id, &def.class_methods)] {
            for m in methods {
                let holder_name = self.class_name(holder);
                let function = Function::new(&format!("{holder_name}>>{}", m.selector), |f| {
                    vm_error(format!("Method {} has no code", f.name()))
                });
                let primitive = matches!(m.body, MethodBody::Primitive);
                let native = primitives::native(&universe, &name, holder == meta_id, &m.selector, primitive);
                let target = match native {
                    Some(t) => t,
                    None if primitive => {
                        primitives::missing(&universe, &holder_name, &m.selector, m.parameters.len())
                    }
                    None => MethodBuilder::new(&universe, holder, path, text).method(m)?,
                };
                function.set_target(target);
                let id = {
                    let mut methods = self.methods.borrow_mut();
                    methods.push(MethodInfo {
                        selector: m.selector.clone(),
                        holder,
                        function,
                        arity: m.parameters.len(),
                        primitive,
                        block_value: primitive
                            && primitives::is_block_value(&name, holder == meta_id, &m.selector),
                        object: None,
                    });
                    methods.len() - 1
                };
                self.classes.borrow_mut()[holder].methods.insert(m.selector.clone(), id);
            }
        }
        Ok(class_id)
    }

    fn resolve_superclass(&self, name: &str) -> Result<ClassId, GuestError> {
        if let Some(v) = self.global(name) {
            if let Some(id) = self.class_id_of_class_object(&v) {
                return Ok(id);
            }
        }
        match self.load_class(name)? {
            Some(id) => Ok(id),
            None => Err(vm_error(format!(
                "Cannot load superclass '{name}': no class file on the class path '{}'",
                self.class_path
            ))),
        }
    }
}

fn unreachable_value() -> GuestError {
    GuestError::new("internal error: the Metaclass class object is not an object")
}

/// `root` with a property per field, in order (locations 0, 1, …).
fn with_fields(root: ShapeRef, fields: &[String]) -> Result<ShapeRef, GuestError> {
    let mut shape = root;
    for f in fields {
        shape = shape
            .with_property(f)
            .ok_or_else(|| GuestError::limit(format!("Too many fields: cannot add field '{f}'")))?;
    }
    Ok(shape)
}
