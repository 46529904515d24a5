//! Message sends (§6): lookup in the receiver's class through a polymorphic inline cache,
//! `super` sends, and `doesNotUnderstand:arguments:` when lookup fails (§8).

use super::NodeBox;
use crate::universe::{vm_error, ClassId, Universe, AT_SLOT};
use bonsai::context::ExecContext;
use bonsai::error::GuestError;
use bonsai::exec::{Domain, Interp};
use bonsai::function::FunctionRef;
use bonsai::heap::with_rooted_slice;
use bonsai::inline_cache::{CacheEntry, CacheUpdate, InlineCache};
use bonsai::node::{Child, Dump, Execute, Label, Node, TreeDump};
use bonsai::object::{Location, ShapeRef};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use std::cell::Cell;
use std::rc::Rc;

/// Receiver classes a send site caches before it goes megamorphic.
pub const SEND_CACHE_LIMIT: usize = 6;

/// Sends `selector` to `receiver` with `args` from Rust (primitives, the launcher): lookup in
/// the receiver's class, `doesNotUnderstand:arguments:` when it fails.
pub fn send(
    u: &Universe,
    interp: &mut Interp<'_>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result<Value, GuestError> {
    let class = u.class_id_of(&receiver);
    send_from(u, interp, Some(class), receiver, selector, args)
}

/// Like [`send`], with the lookup starting in `class` (`super`, `perform:inSuperclass:`).
pub fn send_from(
    u: &Universe,
    interp: &mut Interp<'_>,
    class: Option<ClassId>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result<Value, GuestError> {
    send_in(u, interp.ctx, class, receiver, selector, args)
}

/// [`send_from`] on an execution context, for callers outside an interpreter activation
/// (the interop messages of [`crate::polyglot`]).
pub fn send_in(
    u: &Universe,
    ctx: &ExecContext,
    class: Option<ClassId>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result<Value, GuestError> {
    match class.and_then(|c| u.lookup(c, selector)) {
        Some(m) => {
            let (f, _) = u.method_function(m);
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(receiver);
            all.extend_from_slice(args);
            f.call(ctx, &all)
        }
        None => does_not_understand_in(u, ctx, receiver, selector, args),
    }
}

/// Sends `doesNotUnderstand: #selector arguments: anArray` (§8), with a fresh Array.
pub fn does_not_understand(
    u: &Universe,
    interp: &mut Interp<'_>,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result<Value, GuestError> {
    does_not_understand_in(u, interp.ctx, receiver, selector, args)
}

/// [`does_not_understand`] on an execution context.
fn does_not_understand_in(
    u: &Universe,
    ctx: &ExecContext,
    receiver: Value,
    selector: &str,
    args: &[Value],
) -> Result<Value, GuestError> {
    let class = u.class_id_of(&receiver);
    let Some(m) = u.lookup(class, "doesNotUnderstand:arguments:") else {
        return Err(vm_error(format!("Method {selector} not found in class {}", u.class_name(class))));
    };
    let symbol = u.symbol(selector);
    let array = u.new_array(args);
    let (f, _) = u.method_function(m);
    f.call(ctx, &[receiver, symbol, array])
}

/// The `value`… selector that executes a block or a function with `arguments` arguments
/// (`value`, `value:`, `value:with:`, …).
pub fn value_selector(arguments: usize) -> String {
    match arguments {
        0 => "value".to_string(),
        n => format!("value:{}", "with:".repeat(n - 1)),
    }
}

/// What a receiver's class is recognized by, without a lookup.
#[derive(Clone, Copy, Debug)]
enum ReceiverKey {
    /// An object: its shape (one per class for instances; blocks and classes have their own).
    Shape(ShapeRef),
    /// Integers (both tags), Doubles, Strings, `nil`: the tag implies the class.
    Tag(Tag),
    /// `true` or `false` (two classes for one tag).
    Bool(bool),
}

/// A cached method for one receiver key.
#[derive(Clone, Copy, Debug)]
struct CachedMethod {
    key: ReceiverKey,
    function: FunctionRef,
    /// When `function` is a block's native `value` primitive of the block's arity: where
    /// the block keeps its own function, which the send calls directly (see
    /// [`Universe::block_value_function`]).
    block: Option<Location>,
    /// Whether the receiver is a function value (of another language, a `ForeignObject`) sent
    /// `value`…: the send calls the function itself with the arguments.
    function_value: bool,
}

impl CacheEntry for CachedMethod {
    fn same_key(&self, other: &Self) -> bool {
        match (self.key, other.key) {
            (ReceiverKey::Shape(a), ReceiverKey::Shape(b)) => std::ptr::eq(a, b),
            (ReceiverKey::Tag(a), ReceiverKey::Tag(b)) => a == b,
            (ReceiverKey::Bool(a), ReceiverKey::Bool(b)) => a == b,
            _ => false,
        }
    }

    fn describe(&self) -> String {
        self.function.name().to_string()
    }
}

/// A block's function, cached by a send of `value`… to blocks (see [`SendNode`]).
#[derive(Clone, Copy, Debug)]
struct CachedBlock {
    function: FunctionRef,
}

impl CacheEntry for CachedBlock {
    fn same_key(&self, other: &Self) -> bool {
        std::ptr::eq(self.function, other.function)
    }

    fn describe(&self) -> String {
        self.function.name().to_string()
    }
}

/// `receiver selector arguments`: a message send (§6).
///
/// Inline-cache lattice, one cache for object receivers (keyed on the shape, which implies
/// the class) and one for the others (keyed on the tag, or the boolean): `uninitialized →
/// monomorphic → polymorphic (up to SEND_CACHE_LIMIT classes) → megamorphic`. A hit is a
/// direct call of the cached method's function (inlinable when compiled); a miss (a boundary)
/// looks the selector up, records the method and calls it; a megamorphic cache looks up on
/// every send. A failed lookup is never cached: it sends `doesNotUnderstand:arguments:`.
pub struct SendNode {
    pub selector: String,
    receiver: Child,
    arguments: Vec<Child>,
    objects: InlineCache<CachedMethod, SEND_CACHE_LIMIT>,
    others: InlineCache<CachedMethod, SEND_CACHE_LIMIT>,
    /// For a block receiver whose `value`… is the native primitive: the blocks' functions.
    blocks: InlineCache<CachedBlock, SEND_CACHE_LIMIT>,
    /// For function values sent `value`…: the functions.
    functions: InlineCache<CachedBlock, SEND_CACHE_LIMIT>,
    is_object: ConditionProfile,
    universe: Rc<Universe>,
    /// The send's position (see [`AT_SLOT`]).
    at: i64,
}

impl SendNode {
    pub fn new(
        universe: &Rc<Universe>,
        selector: &str,
        receiver: NodeBox,
        arguments: Vec<NodeBox>,
        at: i64,
    ) -> SendNode {
        SendNode {
            at,
            selector: selector.to_string(),
            receiver: receiver.into(),
            arguments: arguments.into_iter().map(Child::new).collect(),
            objects: InlineCache::new(),
            others: InlineCache::new(),
            blocks: InlineCache::new(),
            functions: InlineCache::new(),
            is_object: ConditionProfile::new(),
            universe: universe.clone(),
        }
    }

    /// The slow path, out of line: lookup, cache update, call (or `doesNotUnderstand:`).
    fn miss(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let u = &*self.universe;
        let receiver = operands[0];
        let class = u.class_id_of(&receiver);
        let Some(m) = u.lookup(class, &self.selector) else {
            return does_not_understand(u, interp, receiver, &self.selector, &operands[1..]);
        };
        let (function, _) = u.method_function(m);
        let (cache, key, block) = match receiver {
            Value::Object(o) => (
                &self.objects,
                ReceiverKey::Shape(o.shape()),
                u.block_value_function(m, o.shape(), &self.selector),
            ),
            Value::Bool(b) => (&self.others, ReceiverKey::Bool(b.get()), None),
            other => (&self.others, ReceiverKey::Tag(other.tag()), None),
        };
        // `ForeignObject>>value…` of a function value: the send calls the function itself.
        let function_value = matches!(receiver, Value::Function(_))
            && is_value_selector(&self.selector)
            && u.with_method(m, |info| info.holder) == u.foreign_class();
        if cache.record(CachedMethod { key, function, block, function_value }) != CacheUpdate::Unchanged {
            interp.report_rewrite();
        }
        match block {
            Some(location) => self.block_miss(interp, operands, location),
            None if function_value => self.function_miss(interp, operands),
            None => interp.call(function, operands),
        }
    }

    /// The slow path of a `value`… send to a function value: caches the function and calls it
    /// with the arguments.
    fn function_miss(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let Value::Function(function) = operands[0] else {
            return Err(vm_error("internal error: a function send to a non-function"));
        };
        if self.functions.record(CachedBlock { function }) != CacheUpdate::Unchanged {
            interp.report_rewrite();
        }
        interp.call(function, &operands[1..])
    }

    /// A `value`… send to a function value (another language's function, §`ForeignObject`):
    /// a call of the function with the arguments, as `ForeignObject>>value:` would make it. The
    /// functions seen are cached, so the call is direct and inlinable whatever the function's
    /// language; megamorphic: an indirect call.
    fn call_function_value<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        operands: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        let function = operands[0];
        self.functions.dispatch(
            d,
            |d, e| {
                let expected = d.constant(Value::Function(e.function));
                d.same(function, expected)
            },
            |d, e| d.call_function(e.function, &operands[1..]),
            |d| {
                if self.functions.is_megamorphic() {
                    d.call_function_value(function, &operands[1..])
                } else {
                    d.boundary(
                        self,
                        |n: &SendNode, interp: &mut Interp<'_>, vals: &[Value]| n.function_miss(interp, vals),
                        operands,
                    )
                }
            },
        )
    }

    /// The slow path of a block call: caches the block's function and calls it.
    fn block_miss(
        &self,
        interp: &mut Interp<'_>,
        operands: &[Value],
        location: Location,
    ) -> Result<Value, GuestError> {
        let Value::Object(block) = operands[0] else {
            return Err(vm_error("internal error: a block send to a non-object"));
        };
        let Value::Function(function) = block.read(location) else {
            return Err(vm_error("internal error: a block without a function"));
        };
        if self.blocks.record(CachedBlock { function }) != CacheUpdate::Unchanged {
            interp.report_rewrite();
        }
        interp.call(function, operands)
    }

    /// The call of a block's `value`… primitive made by the send: the block's own function
    /// (read from the block at `location`) with the block and the arguments, as the
    /// primitive would call it. The functions seen are cached, so the call is direct and
    /// inlinable; megamorphic: an indirect call (still direct in compiled code when the
    /// block was made in the same unit).
    fn call_block<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        location: Location,
        operands: &[D::Value],
    ) -> Result<D::Value, D::Abrupt> {
        let function = d.load_slot(operands[0], location);
        self.blocks.dispatch(
            d,
            |d, e| {
                let expected = d.constant(Value::Function(e.function));
                d.same(function, expected)
            },
            |d, e| d.call_function(e.function, operands),
            |d| {
                if self.blocks.is_megamorphic() {
                    d.call_function_value(function, operands)
                } else {
                    d.boundary(
                        self,
                        move |n: &SendNode, interp: &mut Interp<'_>, vals: &[Value]| {
                            n.block_miss(interp, vals, location)
                        },
                        operands,
                    )
                }
            },
        )
    }

    fn dispatch<D: Domain + ?Sized>(&self, d: &mut D, operands: &[D::Value]) -> Result<D::Value, D::Abrupt> {
        let receiver = operands[0];
        let miss = |d: &mut D| {
            d.boundary(
                self,
                |n: &SendNode, interp: &mut Interp<'_>, vals: &[Value]| n.miss(interp, vals),
                operands,
            )
        };
        let object = d.has_tag(receiver, Tag::Object);
        d.choose(
            object,
            &self.is_object,
            |d| {
                let shape = d.shape_of(receiver);
                self.objects.dispatch(
                    d,
                    |d, e| match e.key {
                        ReceiverKey::Shape(s) => {
                            let expected = d.int_constant(s.bits());
                            d.int_compare(bonsai::exec::IntCmp::Eq, shape, expected)
                        }
                        _ => d.bool_constant(false),
                    },
                    |d, e| match e.block {
                        Some(location) => self.call_block(d, location, operands),
                        None => d.call_function(e.function, operands),
                    },
                    miss,
                )
            },
            |d| {
                self.others.dispatch(
                    d,
                    |d, e| match e.key {
                        ReceiverKey::Tag(t) => d.has_tag(receiver, t),
                        ReceiverKey::Bool(b) => {
                            let expected = d.constant(Value::from_bool(b));
                            d.same(receiver, expected)
                        }
                        ReceiverKey::Shape(_) => d.bool_constant(false),
                    },
                    |d, e| {
                        if e.function_value {
                            self.call_function_value(d, operands)
                        } else {
                            d.call_function(e.function, operands)
                        }
                    },
                    miss,
                )
            },
        )
    }
}

/// Whether `selector` is one of the `value`… selectors that `ForeignObject` answers by
/// executing (see [`value_selector`]).
fn is_value_selector(selector: &str) -> bool {
    matches!(selector, "value" | "value:" | "value:with:" | "value:with:with:")
}

/// Evaluates a send's receiver and arguments into `[receiver, args…]` (visible to the
/// collector while the send is made), records the send's position (`at`, see [`AT_SLOT`]) and
/// makes the send with `send`.
fn with_operands<D: Domain + ?Sized>(
    d: &mut D,
    receiver: &Child,
    arguments: &[Child],
    at: i64,
    send: impl FnOnce(&mut D, &[D::Value]) -> Result<D::Value, D::Abrupt>,
) -> Result<D::Value, D::Abrupt> {
    let receiver = d.execute_child(receiver)?;
    with_rooted_slice(receiver, arguments.len() + 1, |operands| {
        for (i, a) in arguments.iter().enumerate() {
            operands[i + 1] = d.execute_child(a)?;
        }
        let at = d.constant(Value::Int(at));
        d.write_local(AT_SLOT, at);
        send(d, operands)
    })
}

impl Execute for SendNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        with_operands(d, &self.receiver, &self.arguments, self.at, |d, operands| self.dispatch(d, operands))
    }
}

impl Dump for SendNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.receiver];
        children.extend(self.arguments.iter().map(|a| &**a));
        let label = Label::new(format!("Send #{}", self.selector))
            .cache(Some("objects"), &self.objects)
            .cache(Some("others"), &self.others);
        let label = if self.others.entries().iter().any(|e| e.function_value) {
            label.cache(Some("functions"), &self.functions)
        } else if self.objects.entries().iter().any(|e| e.block.is_some()) {
            label.cache(Some("blocks"), &self.blocks)
        } else {
            label
        };
        w.node(label, &children);
    }
}

/// `super selector arguments` (§6): the lookup starts in the superclass of the method's
/// lexical holder, so the method is the same on every execution: it is looked up on the
/// first (a boundary) and called directly afterwards.
pub struct SuperSendNode {
    pub selector: String,
    /// The holder's superclass (`None`: `Object`, whose super sends all fail).
    start: Option<ClassId>,
    receiver: Child,
    arguments: Vec<Child>,
    method: Cell<Option<FunctionRef>>,
    universe: Rc<Universe>,
    at: i64,
}

impl SuperSendNode {
    pub fn new(
        universe: &Rc<Universe>,
        selector: &str,
        start: Option<ClassId>,
        receiver: NodeBox,
        arguments: Vec<NodeBox>,
        at: i64,
    ) -> SuperSendNode {
        SuperSendNode {
            at,
            selector: selector.to_string(),
            start,
            receiver: receiver.into(),
            arguments: arguments.into_iter().map(Child::new).collect(),
            method: Cell::new(None),
            universe: universe.clone(),
        }
    }

    fn first(&self, interp: &mut Interp<'_>, operands: &[Value]) -> Result<Value, GuestError> {
        let u = &*self.universe;
        match self.start.and_then(|c| u.lookup(c, &self.selector)) {
            Some(m) => {
                let (f, _) = u.method_function(m);
                self.method.set(Some(f));
                interp.report_rewrite();
                interp.call(f, operands)
            }
            None => does_not_understand(u, interp, operands[0], &self.selector, &operands[1..]),
        }
    }
}

impl Execute for SuperSendNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        with_operands(d, &self.receiver, &self.arguments, self.at, |d, operands| match self.method.get() {
            Some(f) => d.call_function(f, operands),
            None => d.boundary(
                self,
                |n: &SuperSendNode, interp: &mut Interp<'_>, vals: &[Value]| n.first(interp, vals),
                operands,
            ),
        })
    }
}

impl Dump for SuperSendNode {
    fn dump(&self, w: &mut TreeDump) {
        let mut children: Vec<&dyn Node> = vec![&*self.receiver];
        children.extend(self.arguments.iter().map(|a| &**a));
        w.node(format!("SuperSend #{}", self.selector), &children);
    }
}
