//! Several guest languages in one engine: a [`Polyglot`] context holds the languages
//! registered by id, the shared polyglot bindings, and the one [`Engine`] (options, compile
//! policy) they all run on; the [`Language`] trait is what a language implements to be
//! evaluated in it and to answer the interop messages for its own objects. The model is
//! Truffle's polyglot `Context` and its interop library (`InteropLibrary`).
//!
//! **Values are shared, not converted.** Every language uses [`Value`]: `Null`, booleans,
//! numbers and strings are the same values in every language (SL's `NULL` is SOM's `nil`);
//! [`Value::Function`] is the framework's own executable value, called through its call target
//! by every language, so a call of another language's function is an ordinary call (the
//! partial evaluator inlines it like any other); objects pass by reference with their
//! identity, and a language that meets an object of another one (its shape's
//! [`Shape::language`](crate::object::Shape::language) is not its own) sends it the interop
//! messages below, which the owning language answers.
//!
//! **Interop messages** ([`Language`]'s methods, after Truffle's `InteropLibrary`): executable
//! (`execute`), members (`has_members`, `member_keys`, `read_member`, `write_member`,
//! `invoke_member`), array elements (`has_array_elements`, `array_size`, `read_element`,
//! `write_element`), instantiable (`instantiate`), `display_string` and `meta_object_name`
//! (the value's type in its language). Null, boolean, number and string need no message: they
//! are the shared primitive values. A message the object does not support answers an
//! [`InteropError`], which the *calling* language turns into an error in its own format,
//! rendering the foreign value by its display string (never a panic).
//!
//! ```
//! use bonsai::polyglot::{Language, LanguageId, Polyglot};
//! use bonsai::prelude::*;
//! use std::rc::Rc;
//!
//! /// A language whose every source evaluates to its length.
//! struct Length;
//! impl Language for Length {
//!     fn id(&self) -> LanguageId { LanguageId::new("len") }
//!     fn eval(&self, _: &ExecContext, _: &str, text: &str) -> Result<Value, GuestError> {
//!         Ok(Value::Int(text.len() as i64))
//!     }
//!     fn display_string(&self, _: &Value) -> String { "a length".into() }
//!     fn meta_object_name(&self, _: &Value) -> String { "Length".into() }
//! }
//!
//! let engine = Engine::new(EngineOptions::default(), None);
//! let polyglot = Polyglot::new(engine.clone());
//! polyglot.register(Rc::new(Length));
//! let ctx = ExecContext::new(engine);
//! let _mutator = bonsai::heap::MutatorGuard::acquire(); // bindings live on the heap
//! assert!(matches!(polyglot.eval(&ctx, "len", "(eval)", "abc"), Ok(Value::Int(3))));
//! let unknown = polyglot.eval(&ctx, "lisp", "(eval)", "()").unwrap_err();
//! assert_eq!(unknown.message(), "No language for id lisp found. Supported languages are: [len]");
//! polyglot.export("answer", Value::Int(42));
//! assert!(matches!(polyglot.import("answer"), Some(Value::Int(42))));
//! assert!(polyglot.import("question").is_none());
//! ```

use crate::context::ExecContext;
use crate::engine::Engine;
use crate::error::GuestError;
use crate::function::FunctionRef;
use crate::object::{Location, NamedValues, ShapeRef};
use crate::value::Value;
use indexmap::IndexMap;
use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};

/// A language's id in a [`Polyglot`] context (`"sl"`, `"som"`, `"toy"`): what `eval` names
/// and what marks the language's objects (their root shapes, [`Shape::new_root_in`](crate::object::Shape::new_root_in)).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct LanguageId(&'static str);

impl LanguageId {
    /// The language id `id`.
    pub const fn new(id: &'static str) -> LanguageId {
        LanguageId(id)
    }

    /// The id as a string.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for LanguageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Why an interop message failed. The calling language reports it in its own error format
/// (see each language's README section on polyglot); [`InteropError::Guest`] is an error the
/// foreign code itself raised, which propagates unchanged.
#[derive(Debug)]
pub enum InteropError {
    /// The value does not support the message (`"execute"`, `"read_member"`, …): not
    /// executable, no members, no array elements, not instantiable.
    Unsupported {
        /// The message, as named by [`Language`]'s method.
        message: &'static str,
    },
    /// The value has members, but not this one.
    UnknownMember {
        /// The member asked for.
        member: String,
    },
    /// The value is executable (or the member invocable) with another number of arguments.
    Arity {
        /// The arguments it takes.
        expected: usize,
        /// The arguments it was given.
        actual: usize,
    },
    /// An element index out of the array's bounds (or not an index at all).
    InvalidIndex {
        /// The index, as given.
        index: i64,
    },
    /// The foreign code raised a guest error (or a transfer) while answering the message.
    Guest(GuestError),
}

impl From<GuestError> for InteropError {
    fn from(e: GuestError) -> InteropError {
        InteropError::Guest(e)
    }
}

/// How compiled code reads member `name` of every object of one shape without sending a
/// message (see [`Language::cached_read_member`]): it makes a *bound member*, an object of
/// `shape` whose slot at `receiver` holds the object read from. A caller keeps the answer in
/// an inline cache keyed on the receiver's shape, so the allocation is an ordinary one that
/// allocation removal takes away when the member is executed in the same compiled unit.
#[derive(Clone, Copy, Debug)]
pub struct CachedRead {
    /// The bound member's shape (executable, see [`CachedExecute`]).
    pub shape: ShapeRef,
    /// Where the bound member keeps its receiver.
    pub receiver: Location,
}

/// How executing every object of one shape with a given number of arguments is done without
/// a message (see [`Language::cached_execute`]): a call of `function` with the value at
/// `receiver` in the object (when some) before the arguments. The call is an ordinary call
/// of a call target, so compiled callers inline it whatever its language.
#[derive(Clone, Copy, Debug)]
pub struct CachedExecute {
    /// The function called.
    pub function: FunctionRef,
    /// The slot of the executed object passed as the first argument.
    pub receiver: Option<Location>,
}

/// A guest language as a [`Polyglot`] context sees it: evaluating sources, and the interop
/// messages for the language's own objects (those whose shape it owns, see
/// [`Shape::new_root_in`](crate::object::Shape::new_root_in)). Every message has a default that answers "unsupported", so a
/// language implements what its objects can do.
///
/// Messages run guest code of the owning language with `ctx`, the calling activation's
/// context, so stack walks and the call depth see one stack across languages.
pub trait Language {
    /// The id sources of this language are evaluated under.
    fn id(&self) -> LanguageId;

    /// Evaluates `text` (named `source_name` in errors and stack traces) in the context's
    /// instance of this language; what the result is depends on the language (SL: its `main`'s
    /// result; SOM: the class the source defines; toy: its `main` function). Errors are guest
    /// errors in the language's own format (a syntax error as the language reports one).
    fn eval(&self, ctx: &ExecContext, source_name: &str, text: &str) -> Result<Value, GuestError>;

    /// `display_string`: how the language prints its object `v`.
    fn display_string(&self, v: &Value) -> String;

    /// `meta_object`'s name: the type of `v` in the language (SL `Object`, a SOM class name).
    fn meta_object_name(&self, v: &Value) -> String;

    /// Whether `v` can be executed.
    fn is_executable(&self, _v: &Value) -> bool {
        false
    }

    /// `execute`: calls `v` with `args`.
    fn execute(&self, _ctx: &ExecContext, _v: &Value, _args: &[Value]) -> Result<Value, InteropError> {
        Err(InteropError::Unsupported { message: "execute" })
    }

    /// Whether `v` has members (properties, methods).
    fn has_members(&self, _v: &Value) -> bool {
        false
    }

    /// `member_keys`: the names of `v`'s members, in the language's order.
    fn member_keys(&self, _v: &Value) -> Vec<String> {
        Vec::new()
    }

    /// `read_member`: the value of member `name` of `v` (a method reads as an executable
    /// bound to `v`).
    fn read_member(&self, _ctx: &ExecContext, _v: &Value, _name: &str) -> Result<Value, InteropError> {
        Err(InteropError::Unsupported { message: "read_member" })
    }

    /// `write_member`: sets member `name` of `v`.
    fn write_member(
        &self,
        _ctx: &ExecContext,
        _v: &Value,
        _name: &str,
        _value: Value,
    ) -> Result<(), InteropError> {
        Err(InteropError::Unsupported { message: "write_member" })
    }

    /// `invoke_member`: calls member `name` of `v` with `args` (default: reads it and executes
    /// what it reads, through the polyglot context, so the member may be of any language).
    fn invoke_member(
        &self,
        ctx: &ExecContext,
        polyglot: &Polyglot,
        v: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, InteropError> {
        let member = self.read_member(ctx, v, name)?;
        polyglot.execute(ctx, &member, args)
    }

    /// Whether `v` has array elements.
    fn has_array_elements(&self, _v: &Value) -> bool {
        false
    }

    /// `array_size`: the number of elements of `v`.
    fn array_size(&self, _v: &Value) -> Result<i64, InteropError> {
        Err(InteropError::Unsupported { message: "array_size" })
    }

    /// `read_element`: element `index` of `v` (0-based, whatever the language's own base).
    fn read_element(&self, _ctx: &ExecContext, _v: &Value, _index: i64) -> Result<Value, InteropError> {
        Err(InteropError::Unsupported { message: "read_element" })
    }

    /// `write_element`: sets element `index` of `v` (0-based).
    fn write_element(
        &self,
        _ctx: &ExecContext,
        _v: &Value,
        _index: i64,
        _value: Value,
    ) -> Result<(), InteropError> {
        Err(InteropError::Unsupported { message: "write_element" })
    }

    /// [`read_member`](Language::read_member) of `name` resolved once for every object of
    /// `shape` (one of this language's), so that a caller can cache it on the shape: `None`
    /// when it cannot be (the caller then sends the message each time). The answer must hold
    /// for as long as objects of `shape` exist.
    fn cached_read_member(&self, _shape: ShapeRef, _name: &str) -> Option<CachedRead> {
        None
    }

    /// [`execute`](Language::execute) with `arity` arguments resolved once for every object of
    /// `shape`, as [`Language::cached_read_member`].
    fn cached_execute(&self, _shape: ShapeRef, _arity: usize) -> Option<CachedExecute> {
        None
    }

    /// Whether `v` can be instantiated (a class).
    fn is_instantiable(&self, _v: &Value) -> bool {
        false
    }

    /// `instantiate`: a new instance of `v`, made with `args`.
    fn instantiate(&self, _ctx: &ExecContext, _v: &Value, _args: &[Value]) -> Result<Value, InteropError> {
        Err(InteropError::Unsupported { message: "instantiate" })
    }
}

/// Languages registered by id, the polyglot bindings and the engine they share: one per
/// polyglot program (Truffle's polyglot `Context`). Languages keep a [`Weak`] reference to it
/// ([`Polyglot::downgrade`]), since it owns them.
pub struct Polyglot {
    engine: Rc<Engine>,
    languages: RefCell<IndexMap<&'static str, Rc<dyn Language>>>,
    /// The bindings (a program that exports nothing allocates nothing).
    bindings: NamedValues,
    this: Weak<Polyglot>,
}

impl Polyglot {
    /// An empty context on `engine`.
    pub fn new(engine: Rc<Engine>) -> Rc<Polyglot> {
        Rc::new_cyclic(|this| Polyglot {
            engine,
            languages: RefCell::new(IndexMap::new()),
            bindings: NamedValues::new(),
            this: this.clone(),
        })
    }

    /// A weak reference, for a language to keep.
    pub fn downgrade(&self) -> Weak<Polyglot> {
        self.this.clone()
    }

    /// The engine every language of the context runs on.
    pub fn engine(&self) -> &Rc<Engine> {
        &self.engine
    }

    /// Registers `language` under its id, replacing a language of the same id.
    pub fn register(&self, language: Rc<dyn Language>) {
        self.languages.borrow_mut().insert(language.id().as_str(), language);
    }

    /// The language registered as `id`.
    pub fn language(&self, id: &str) -> Option<Rc<dyn Language>> {
        self.languages.borrow().get(id).cloned()
    }

    /// The registered ids, in registration order.
    pub fn language_ids(&self) -> Vec<&'static str> {
        self.languages.borrow().keys().copied().collect()
    }

    /// Evaluates `text` in language `id` (see [`Language::eval`]).
    ///
    /// # Errors
    /// The language's own errors; an unknown `id` fails with
    /// `No language for id ID found. Supported languages are: [ID, …]` (the registered ids,
    /// in order; the message of GraalVM's polyglot `eval`).
    pub fn eval(
        &self,
        ctx: &ExecContext,
        id: &str,
        source_name: &str,
        text: &str,
    ) -> Result<Value, GuestError> {
        match self.language(id) {
            Some(language) => language.eval(ctx, source_name, text),
            None => Err(unknown_language(id, &self.language_ids())),
        }
    }

    /// Binds `name` to `value` in the polyglot bindings, replacing an earlier binding.
    pub fn export(&self, name: &str, value: Value) {
        self.bindings.set(name, value);
    }

    /// The value bound to `name`, if any.
    pub fn import(&self, name: &str) -> Option<Value> {
        self.bindings.get(name)
    }

    /// The language that owns object `v` (its shape's language), if `v` is an object of a
    /// registered language.
    pub fn owner(&self, v: &Value) -> Option<Rc<dyn Language>> {
        match v {
            Value::Object(o) => self.language(o.shape().language()?.as_str()),
            _ => None,
        }
    }

    /// Whether `v` is executable: a function value, or an executable object of its language.
    pub fn is_executable(&self, v: &Value) -> bool {
        match v {
            Value::Function(_) => true,
            _ => self.owner(v).is_some_and(|l| l.is_executable(v)),
        }
    }

    /// `execute`: calls `v` with `args`. A function value is called through its call target
    /// (its language's argument rules apply, as for any call).
    pub fn execute(&self, ctx: &ExecContext, v: &Value, args: &[Value]) -> Result<Value, InteropError> {
        match v {
            Value::Function(f) => f.call(ctx, args).map_err(InteropError::Guest),
            _ => match self.owner(v) {
                Some(l) => l.execute(ctx, v, args),
                None => Err(InteropError::Unsupported { message: "execute" }),
            },
        }
    }

    /// `read_member` on a foreign object (see [`Language::read_member`]).
    pub fn read_member(&self, ctx: &ExecContext, v: &Value, name: &str) -> Result<Value, InteropError> {
        match self.owner(v) {
            Some(l) => l.read_member(ctx, v, name),
            None => Err(InteropError::Unsupported { message: "read_member" }),
        }
    }

    /// `write_member` on a foreign object.
    pub fn write_member(
        &self,
        ctx: &ExecContext,
        v: &Value,
        name: &str,
        value: Value,
    ) -> Result<(), InteropError> {
        match self.owner(v) {
            Some(l) => l.write_member(ctx, v, name, value),
            None => Err(InteropError::Unsupported { message: "write_member" }),
        }
    }

    /// `invoke_member` on a foreign object.
    pub fn invoke_member(
        &self,
        ctx: &ExecContext,
        v: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Value, InteropError> {
        match self.owner(v) {
            Some(l) => l.invoke_member(ctx, self, v, name, args),
            None => Err(InteropError::Unsupported { message: "invoke_member" }),
        }
    }

    /// `read_element` on a foreign object.
    pub fn read_element(&self, ctx: &ExecContext, v: &Value, index: i64) -> Result<Value, InteropError> {
        match self.owner(v) {
            Some(l) => l.read_element(ctx, v, index),
            None => Err(InteropError::Unsupported { message: "read_element" }),
        }
    }

    /// `write_element` on a foreign object.
    pub fn write_element(
        &self,
        ctx: &ExecContext,
        v: &Value,
        index: i64,
        value: Value,
    ) -> Result<(), InteropError> {
        match self.owner(v) {
            Some(l) => l.write_element(ctx, v, index, value),
            None => Err(InteropError::Unsupported { message: "write_element" }),
        }
    }

    /// `instantiate` a foreign object (a class) with `args`.
    pub fn instantiate(&self, ctx: &ExecContext, v: &Value, args: &[Value]) -> Result<Value, InteropError> {
        match self.owner(v) {
            Some(l) => l.instantiate(ctx, v, args),
            None => Err(InteropError::Unsupported { message: "instantiate" }),
        }
    }

    /// [`Language::cached_read_member`] by the language of `shape`.
    pub fn cached_read_member(&self, shape: ShapeRef, name: &str) -> Option<CachedRead> {
        self.language(shape.language()?.as_str())?.cached_read_member(shape, name)
    }

    /// [`Language::cached_execute`] by the language of `shape`.
    pub fn cached_execute(&self, shape: ShapeRef, arity: usize) -> Option<CachedExecute> {
        self.language(shape.language()?.as_str())?.cached_execute(shape, arity)
    }

    /// `array_size` of a foreign object.
    pub fn array_size(&self, v: &Value) -> Result<i64, InteropError> {
        match self.owner(v) {
            Some(l) => l.array_size(v),
            None => Err(InteropError::Unsupported { message: "array_size" }),
        }
    }

    /// The display string of a foreign object, by its language; `None` for values that are
    /// not objects of a registered language (the caller renders its own and shared values).
    pub fn display_string(&self, v: &Value) -> Option<String> {
        self.owner(v).map(|l| l.display_string(v))
    }
}

thread_local! {
    /// The context entered on this thread (see [`Polyglot::enter`]).
    static CURRENT: RefCell<Option<Rc<Polyglot>>> = const { RefCell::new(None) };
}

/// While alive, its context is the current one on this thread ([`Polyglot::enter`]).
#[must_use = "the context is current only until the guard is dropped"]
pub struct Entered {
    previous: Option<Rc<Polyglot>>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

impl Polyglot {
    /// Makes this context the current one on this thread until the guard drops (Truffle's
    /// context enter/leave): languages reach it through [`Polyglot::current`] where a foreign
    /// value needs a message (a node's slow path, a display string).
    pub fn enter(self: &Rc<Polyglot>) -> Entered {
        let previous = CURRENT.with(|c| c.borrow_mut().replace(self.clone()));
        Entered { previous }
    }

    /// The context entered on this thread, if any.
    pub fn current() -> Option<Rc<Polyglot>> {
        CURRENT.with(|c| c.borrow().clone())
    }

    /// [`Polyglot::current`] where a foreign value needs a message: a foreign value exists
    /// only inside a context, so its absence is the guest error `no polyglot context is
    /// entered` (an embedder's mistake), never a panic.
    pub fn entered() -> Result<Rc<Polyglot>, GuestError> {
        Polyglot::current().ok_or_else(|| GuestError::new("no polyglot context is entered"))
    }
}

/// Whether `v` is an object of another language than `own` (an object of a language's
/// shape tree that is not `own`'s). Shared values (null, booleans, numbers, strings,
/// function values) are no language's, so never foreign.
pub fn is_foreign(v: &Value, own: LanguageId) -> bool {
    match v {
        Value::Object(o) => o.shape().language().is_some_and(|l| l != own),
        _ => false,
    }
}

/// The display string of `v`, an object of another language, by its language in the current
/// context; `None` when no context is entered or its language is not registered.
pub fn foreign_display_string(v: &Value) -> Option<String> {
    Polyglot::current()?.display_string(v)
}

/// The error of an `eval` in a language that is not registered (GraalVM's message).
pub fn unknown_language(id: &str, registered: &[&str]) -> GuestError {
    GuestError::new(format!(
        "No language for id {id} found. Supported languages are: [{}]",
        registered.join(", ")
    ))
}
