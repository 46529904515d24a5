//! SOM in a polyglot context ([`bonsai::polyglot`]): the [`Language`] SOM registers, the
//! primitives of the core library's `Polyglot` class, and `ForeignObject`, the class of
//! values of other languages.
//!
//! **SOM values to other languages.** Integers, Doubles, Strings, `true`/`false` and `nil`
//! are the shared values (`nil` is SL's `NULL`). A SOM object's *members* are the selectors
//! its class understands (`member_keys`: the class's own first, then its superclasses'). Since
//! most languages cannot write a keyword selector as a name, member `name` invoked with
//! arguments names the keyword selector made by ending each `_`-separated part of it with a
//! colon (`at` with one argument is `at:`, `at_put` with two is `at:put:`), and without
//! arguments the unary selector `name`; a name with a colon is a selector as written.
//! Reading a member answers an executable bound to the receiver; executing it invokes the
//! member with the arguments given. Invoking a member sends its selector. Blocks are
//! executable (with as many arguments as they have parameters), classes instantiable (`new`),
//! Arrays have array
//! elements (0-based across the boundary: element 0 is `at: 1`). A SOM object's display string
//! is its class's name for a class, the symbol's characters for a Symbol, and
//! `instance of NAME` otherwise; its meta-object is its class's name.
//!
//! **Foreign values to SOM** are instances of `ForeignObject` (see its class comment in the
//! core library). A failed message is a SOM error: a member the value does not have, or a
//! message it does not support, sends `doesNotUnderstand:arguments:` as for any SOM object;
//! a wrong number of arguments fails with `Tried passing N arguments to a function that
//! requires M`.

use crate::nodes::send::{does_not_understand, send_in, value_selector};
use crate::primitives::arity_of;
use crate::universe::{vm_error, ClassId, MethodId, Universe};
use bonsai::context::ExecContext;
use bonsai::error::GuestError;
use bonsai::exec::Interp;
use bonsai::object::{DynamicObject, Shape, ShapeRef};
use bonsai::polyglot::{CachedExecute, CachedRead, InteropError, Language, LanguageId, Polyglot};
use bonsai::value::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// SOM's language id.
pub const SOM: LanguageId = LanguageId::new("som");

/// SOM as a language of a polyglot context, over one [`Universe`].
pub struct SomLanguage {
    universe: Rc<Universe>,
    /// The shapes of bound members, one per class and member name (so that a caller caching
    /// on the shape knows the method): a root shape whose object type is the member name,
    /// with the receiver as its one property.
    bound_shapes: RefCell<HashMap<(ClassId, String), ShapeRef>>,
    /// The class and member name of each bound member shape, by its address.
    bound_members: RefCell<HashMap<usize, (ClassId, String)>>,
}

impl SomLanguage {
    /// The language over `universe` (bootstrapped).
    pub fn new(universe: Rc<Universe>) -> SomLanguage {
        SomLanguage { universe, bound_shapes: RefCell::default(), bound_members: RefCell::default() }
    }

    /// The shape of members `name` bound to instances of `class`.
    fn bound_shape(&self, class: ClassId, name: &str) -> ShapeRef {
        let key = (class, name.to_string());
        if let Some(shape) = self.bound_shapes.borrow().get(&key) {
            return shape;
        }
        let root = Shape::new_root_in(Some(SOM), Value::string_constant(name));
        let shape = root.with_property(BOUND_RECEIVER).unwrap_or(root);
        self.bound_members.borrow_mut().insert(shape as *const Shape as usize, key.clone());
        self.bound_shapes.borrow_mut().insert(key, shape);
        shape
    }

    /// The class and member name of bound members of `shape`.
    fn bound_member(&self, shape: ShapeRef) -> Option<(ClassId, String)> {
        self.bound_members.borrow().get(&(shape as *const Shape as usize)).cloned()
    }

    /// The receiver, class and member name of bound member `v`.
    fn bound(&self, v: &Value) -> Option<(Value, ClassId, String)> {
        let Value::Object(o) = v else { return None };
        let (class, name) = self.bound_member(o.shape())?;
        Some((o.get(BOUND_RECEIVER)?, class, name))
    }

    /// The selector member `name` stands for on instances of `class` when invoked with
    /// `arguments` arguments (see the module docs): `name` itself without arguments or when it
    /// is a selector already (it has a colon, or is binary), else the keyword selector of its
    /// `_`-separated parts; and the method.
    fn resolve(
        &self,
        class: ClassId,
        name: &str,
        arguments: usize,
    ) -> Result<(String, MethodId), InteropError> {
        let keyword =
            arguments > 0 && !name.contains(':') && name.starts_with(|c: char| c.is_alphabetic() || c == '_');
        let selector =
            if keyword { name.split('_').map(|part| format!("{part}:")).collect() } else { name.to_string() };
        let Some(method) = self.universe.lookup(class, &selector) else {
            return Err(InteropError::UnknownMember { member: name.to_string() });
        };
        let expected = arity_of(&selector);
        if expected != arguments {
            return Err(InteropError::Arity { expected, actual: arguments });
        }
        Ok((selector, method))
    }

    /// Whether instances of `class` have member `name` (as a unary or a keyword selector).
    fn has_member(&self, class: ClassId, name: &str) -> bool {
        (0..=3).any(|n| !matches!(self.resolve(class, name, n), Err(InteropError::UnknownMember { .. })))
    }

    /// Sends member `name` of `receiver` (of `class`) with `args`.
    fn invoke(
        &self,
        ctx: &ExecContext,
        receiver: Value,
        class: ClassId,
        name: &str,
        args: &[Value],
    ) -> Result<Value, InteropError> {
        let (_, method) = self.resolve(class, name, args.len())?;
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(receiver);
        all.extend_from_slice(args);
        Ok(self.universe.method_function(method).0.call(ctx, &all)?)
    }
}

/// The property of a bound member that holds its receiver.
const BOUND_RECEIVER: &str = "receiver";

impl Language for SomLanguage {
    fn id(&self) -> LanguageId {
        SOM
    }

    /// A class definition: defines the class (a global from then on) and answers it.
    fn eval(&self, _: &ExecContext, source_name: &str, text: &str) -> Result<Value, GuestError> {
        self.universe.define_class_from_source(source_name, text)
    }

    fn display_string(&self, v: &Value) -> String {
        let u = &self.universe;
        if let Some(c) = u.class_id_of_class_object(v) {
            return u.class_name(c);
        }
        if let Some(s) = u.string_of(v) {
            return s;
        }
        if let Some((_, _, name)) = self.bound(v) {
            return format!("bound member {name}");
        }
        format!("instance of {}", u.class_name(u.class_id_of(v)))
    }

    fn meta_object_name(&self, v: &Value) -> String {
        self.universe.class_name(self.universe.class_id_of(v))
    }

    fn is_executable(&self, v: &Value) -> bool {
        self.bound(v).is_some() || self.block_parameters(v).is_some()
    }

    fn execute(&self, ctx: &ExecContext, v: &Value, args: &[Value]) -> Result<Value, InteropError> {
        if let Some((receiver, class, name)) = self.bound(v) {
            return self.invoke(ctx, receiver, class, &name, args);
        }
        let Some(parameters) = self.block_parameters(v) else {
            return Err(InteropError::Unsupported { message: "execute" });
        };
        if parameters != args.len() {
            return Err(InteropError::Arity { expected: parameters, actual: args.len() });
        }
        let u = &self.universe;
        Ok(send_in(u, ctx, Some(u.class_id_of(v)), *v, &value_selector(parameters), args)?)
    }

    fn has_members(&self, v: &Value) -> bool {
        matches!(v, Value::Object(_))
    }

    fn member_keys(&self, v: &Value) -> Vec<String> {
        let u = &self.universe;
        let mut keys = Vec::new();
        let mut class = Some(u.class_id_of(v));
        while let Some(c) = class {
            for selector in u.with_class(c, |info| info.methods.keys().cloned().collect::<Vec<_>>()) {
                if !keys.contains(&selector) {
                    keys.push(selector);
                }
            }
            class = u.superclass(c);
        }
        keys
    }

    /// A bound member (see [`SomLanguage::cached_read_member`] for its shape).
    fn read_member(&self, _: &ExecContext, v: &Value, name: &str) -> Result<Value, InteropError> {
        let class = self.universe.class_id_of(v);
        if !self.has_member(class, name) {
            return Err(InteropError::UnknownMember { member: name.to_string() });
        }
        let bound = DynamicObject::new(self.bound_shape(class, name));
        bound.set(BOUND_RECEIVER, *v);
        Ok(Value::Object(bound))
    }

    /// Members of the instances of a class are bound members of one shape per class and name.
    fn cached_read_member(&self, shape: ShapeRef, name: &str) -> Option<CachedRead> {
        let class = self.universe.class_id_of_shape(shape);
        if !self.has_member(class, name) {
            return None;
        }
        let shape = self.bound_shape(class, name);
        Some(CachedRead { shape, receiver: shape.lookup(BOUND_RECEIVER)? })
    }

    /// A bound member's method, called with its receiver first.
    fn cached_execute(&self, shape: ShapeRef, arity: usize) -> Option<CachedExecute> {
        let (class, name) = self.bound_member(shape)?;
        let (_, method) = self.resolve(class, &name, arity).ok()?;
        let function = self.universe.method_function(method).0;
        Some(CachedExecute { function, receiver: Some(shape.lookup(BOUND_RECEIVER)?) })
    }

    fn invoke_member(
        &self,
        ctx: &ExecContext,
        _: &Polyglot,
        v: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, InteropError> {
        self.invoke(ctx, *v, self.universe.class_id_of(v), name, args)
    }

    fn has_array_elements(&self, v: &Value) -> bool {
        self.universe.is_array(v)
    }

    fn array_size(&self, v: &Value) -> Result<i64, InteropError> {
        match v {
            Value::Object(o) if self.universe.is_array(v) => Ok(o.element_count() as i64),
            _ => Err(InteropError::Unsupported { message: "array_size" }),
        }
    }

    fn read_element(&self, _: &ExecContext, v: &Value, index: i64) -> Result<Value, InteropError> {
        match v {
            Value::Object(o) if self.universe.is_array(v) => usize::try_from(index)
                .ok()
                .and_then(|i| o.element(i))
                .ok_or(InteropError::InvalidIndex { index }),
            _ => Err(InteropError::Unsupported { message: "read_element" }),
        }
    }

    fn write_element(
        &self,
        _: &ExecContext,
        v: &Value,
        index: i64,
        value: Value,
    ) -> Result<(), InteropError> {
        match v {
            Value::Object(o) if self.universe.is_array(v) => {
                match usize::try_from(index).ok().filter(|&i| i < o.element_count()) {
                    Some(i) => {
                        o.set_element(i, value);
                        Ok(())
                    }
                    None => Err(InteropError::InvalidIndex { index }),
                }
            }
            _ => Err(InteropError::Unsupported { message: "write_element" }),
        }
    }

    fn is_instantiable(&self, v: &Value) -> bool {
        self.universe.class_id_of_class_object(v).is_some()
    }

    fn instantiate(&self, ctx: &ExecContext, v: &Value, args: &[Value]) -> Result<Value, InteropError> {
        if !self.is_instantiable(v) {
            return Err(InteropError::Unsupported { message: "instantiate" });
        }
        self.invoke(ctx, *v, self.universe.class_id_of(v), "new", args)
    }
}

impl SomLanguage {
    /// The number of parameters of block `v`; `None` when `v` is not a block.
    fn block_parameters(&self, v: &Value) -> Option<usize> {
        let Value::Object(o) = v else { return None };
        self.universe.block_layout(o.shape()).map(|(_, parameters)| parameters)
    }
}

// ----- primitives -----------------------------------------------------------------------------

type Result_ = Result<Value, GuestError>;

/// The current polyglot context (the launchers enter one).
fn current() -> Result<Rc<Polyglot>, GuestError> {
    Polyglot::entered()
}

fn string_arg(u: &Universe, v: &Value, what: &str) -> Result<String, GuestError> {
    u.string_of(v).ok_or_else(|| vm_error(format!("{what} must be a String")))
}

/// `Polyglot class>>eval: languageId source: aString`.
pub fn eval(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let id = string_arg(u, &a[1], "The language id")?;
    let text = string_arg(u, &a[2], "The source")?;
    current()?.eval(i.ctx, &id, "(eval)", &text)
}

/// `Polyglot class>>export: aString value: value`.
pub fn export(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let name = string_arg(u, &a[1], "The binding name")?;
    current()?.export(&name, a[2]);
    Ok(a[2])
}

/// `Polyglot class>>import: aString`.
pub fn import(u: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let name = string_arg(u, &a[1], "The binding name")?;
    Ok(current()?.import(&name).unwrap_or(Value::Null))
}

/// The SOM outcome of an interop message sent as `selector` with `args`: a failure the
/// foreign value cannot answer is `doesNotUnderstand:arguments:` (Object's, since
/// `ForeignObject` answers it itself).
fn answer(
    u: &Universe,
    i: &mut Interp<'_>,
    r: Result<Value, InteropError>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result_ {
    match r {
        Ok(v) => Ok(v),
        Err(InteropError::Guest(e)) => Err(e),
        Err(InteropError::Arity { expected, actual }) => {
            Err(vm_error(format!("Tried passing {actual} arguments to a function that requires {expected}")))
        }
        Err(InteropError::InvalidIndex { index }) => Err(vm_error(format!(
            "Index {} out of bounds for {}",
            index + 1,
            crate::polyglot::display(&receiver)
        ))),
        Err(InteropError::UnknownMember { .. } | InteropError::Unsupported { .. }) => {
            object_does_not_understand(u, i, receiver, selector, args)
        }
    }
}

/// `doesNotUnderstand:arguments:` as `Object` answers it (the foreign value's own answer is
/// the interop dispatch that just failed).
fn object_does_not_understand(
    u: &Universe,
    i: &mut Interp<'_>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result_ {
    match u.lookup(u.core().object, "doesNotUnderstand:arguments:") {
        Some(m) => {
            let all = [receiver, u.symbol(selector), u.new_array(args)];
            i.call(u.method_function(m).0, &all)
        }
        None => does_not_understand(u, i, receiver, selector, args),
    }
}

/// `ForeignObject>>value`, `value:`, `value:with:`, `value:with:with:`: executes the receiver.
pub fn foreign_value(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let r = current()?.execute(i.ctx, &a[0], &a[1..]);
    answer(u, i, r, a[0], &value_selector(a.len() - 1), &a[1..])
}

/// `ForeignObject>>valueWithArguments: anArray`.
pub fn foreign_value_with_arguments(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let args = u.array_elements(&a[1]).ok_or_else(|| vm_error("valueWithArguments: expects an Array"))?;
    let r = current()?.execute(i.ctx, &a[0], &args);
    answer(u, i, r, a[0], "valueWithArguments:", &a[1..])
}

fn index_arg(v: &Value) -> Result<i64, GuestError> {
    match v {
        Value::Int(n) => Ok(n - 1),
        _ => Err(vm_error("The index must be an Integer")),
    }
}

/// `ForeignObject>>at: index` (1-based here, element `index - 1` there).
pub fn foreign_at(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let index = index_arg(&a[1])?;
    let r = current()?.read_element(i.ctx, &a[0], index);
    answer(u, i, r, a[0], "at:", &a[1..])
}

/// `ForeignObject>>at: index put: value`.
pub fn foreign_at_put(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let index = index_arg(&a[1])?;
    let r = current()?.write_element(i.ctx, &a[0], index, a[2]).map(|()| a[2]);
    answer(u, i, r, a[0], "at:put:", &a[1..])
}

/// `ForeignObject>>length`: the number of array elements.
pub fn foreign_size(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let r = current()?.array_size(&a[0]).map(Value::Int);
    answer(u, i, r, a[0], "length", &[])
}

/// `ForeignObject>>asString`: the display string of the value, by its language.
pub fn foreign_as_string(_: &Universe, _: &mut Interp<'_>, a: &[Value]) -> Result_ {
    Ok(Value::string(&display(&a[0])))
}

/// The display string of a foreign value (a function value by its name).
pub fn display(v: &Value) -> String {
    match v {
        Value::Function(f) => f.name().to_string(),
        _ => bonsai::polyglot::foreign_display_string(v).unwrap_or_else(|| "a foreign object".to_string()),
    }
}

/// `ForeignObject>>doesNotUnderstand: selector arguments: args`: a unary message reads the
/// member of that name (and executes it when it is executable); a keyword message
/// `foo: a bar: b` invokes member `foo` with the arguments; others are not understood.
pub fn foreign_does_not_understand(u: &Universe, i: &mut Interp<'_>, a: &[Value]) -> Result_ {
    let receiver = a[0];
    let selector = u.string_of(&a[1]).ok_or_else(|| vm_error("doesNotUnderstand: expects a Symbol"))?;
    let args = u.array_elements(&a[2]).unwrap_or_default();
    let polyglot = current()?;
    let first_char = selector.chars().next().unwrap_or(' ');
    let r = if !(first_char.is_alphabetic() || first_char == '_') {
        Err(InteropError::Unsupported { message: "invoke_member" })
    } else if args.is_empty() {
        match polyglot.read_member(i.ctx, &receiver, &selector) {
            Ok(member) if polyglot.is_executable(&member) => polyglot.execute(i.ctx, &member, &[]),
            other => other,
        }
    } else {
        let name = selector.split(':').next().unwrap_or_default();
        polyglot.invoke_member(i.ctx, &receiver, name, &args)
    };
    answer(u, i, r, receiver, &selector, &args)
}
