//! Property access (spec §9): `o.name` and `o["name"]` (named, with a constant key) and
//! `o[key]` (keyed, with a computed key), and their assignments.
//!
//! Named accesses are inline caches keyed by shape ([`bonsai::inline_cache`]); keyed
//! accesses specialize on integer keys that hit the object's elements
//! ([`bonsai::object`]), as V8's named and keyed property ICs do.

use super::NodeBox;
use crate::polyglot::{interop_error, SL};
use crate::runtime::{to_sl_string, undefined_property};
use bonsai::error::GuestError;
use bonsai::exec::{Domain, IntCmp, IntOp, Interp, Miss};
use bonsai::inline_cache::{CacheEntry, CacheUpdate, InlineCache, ShapeEntry};
use bonsai::node::Child;
use bonsai::node::{Dump, Execute, Label, Node, TreeDump};
use bonsai::object::{array_index, DynamicObject, Location, ShapeRef, INLINE_SLOTS};
use bonsai::polyglot::is_foreign;
use bonsai::profile::ConditionProfile;
use bonsai::specialization::{Outcome, Specialization, SpecializationState, Specialize};
use bonsai::value::{Tag, Value};

/// Shapes a property cache holds before it goes megamorphic.
pub const PROPERTY_CACHE_LIMIT: usize = 4;

/// The key of a property access: a name known when the tree is built (`o.name`, `o["x"]`),
/// or an expression (`o[e]`), converted to a key string by spec §12's string conversion.
pub enum Key {
    Constant(Box<str>),
    Computed(NodeBox),
}

/// One cached shape: objects of `shape` have the property at `location`; a write that adds
/// the property moves them to `next` (a cached shape transition). Rendered `{a,x}@1`, or
/// `{a}->{a,x}@1` for a transition. For objects of another language (a read only), `bound`
/// is the shape of the member its language makes, holding the receiver at `location`
/// ([`bonsai::polyglot::CachedRead`]); rendered `foreign som {…} -> member {receiver}@0`.
#[derive(Clone, Copy, Debug)]
struct PropertyEntry {
    shape: ShapeRef,
    location: Location,
    next: Option<ShapeRef>,
    bound: Option<ShapeRef>,
}

impl CacheEntry for PropertyEntry {
    fn same_key(&self, other: &Self) -> bool {
        std::ptr::eq(self.shape, other.shape)
    }

    fn describe(&self) -> String {
        match (self.next, self.bound) {
            (_, Some(bound)) => format!(
                "foreign {} {} -> member {}{}",
                self.shape.language().map_or("?", |l| l.as_str()),
                self.shape.describe(),
                bound.describe(),
                self.location
            ),
            (Some(next), None) => format!("{}->{}{}", self.shape.describe(), next.describe(), self.location),
            (None, None) => format!("{}{}", self.shape.describe(), self.location),
        }
    }
}

impl ShapeEntry for PropertyEntry {
    fn shape(&self) -> ShapeRef {
        self.shape
    }
}

type PropertyCache = InlineCache<PropertyEntry, PROPERTY_CACHE_LIMIT>;

/// Records `entry` in `cache` (or makes it megamorphic when `entry` is `None`: a key or shape
/// that must not be cached), reporting the rewrite.
fn record(cache: &PropertyCache, interp: &mut Interp<'_>, entry: Option<PropertyEntry>) {
    let changed = match entry {
        Some(entry) => cache.record(entry) != CacheUpdate::Unchanged,
        None => cache.go_megamorphic(),
    };
    if changed {
        interp.report_rewrite();
    }
}

/// `o.name` / `o["name"]`: the property's value; `Undefined property: KEY` when the receiver
/// is not an object or has no such property.
///
/// Cache lattice (per node): `uninitialized → monomorphic → polymorphic (up to
/// PROPERTY_CACHE_LIMIT shapes) → megamorphic`. A cached read is a tag check, a shape compare
/// and a load at a constant offset. A dictionary-mode receiver (no fixed location) makes the
/// cache megamorphic; megamorphic reads look the key up out of line.
pub struct ReadPropertyNode {
    receiver: NodeBox,
    key: Box<str>,
    cache: PropertyCache,
    is_object: ConditionProfile,
}

impl ReadPropertyNode {
    pub fn new(receiver: NodeBox, key: Box<str>) -> ReadPropertyNode {
        ReadPropertyNode { receiver, key, cache: InlineCache::new(), is_object: ConditionProfile::new() }
    }

    /// The cache miss, out of line: the generic read, caching the receiver's shape.
    fn read_slow(&self, interp: &mut Interp<'_>, receiver: Value) -> Result<Value, GuestError> {
        let key = &*self.key;
        let Value::Object(o) = receiver else {
            return Err(undefined_property(key));
        };
        let shape = o.shape();
        if is_foreign(&receiver, SL) {
            // Another language's object: the member it makes, cached on the shape when its
            // language can resolve the read once for the shape; else the interop message.
            let polyglot = crate::polyglot::current()?;
            if let Some(read) = polyglot.cached_read_member(shape, key) {
                let entry =
                    PropertyEntry { shape, location: read.receiver, next: None, bound: Some(read.shape) };
                record(&self.cache, interp, Some(entry));
                let member = DynamicObject::new(read.shape);
                member.write(read.receiver, receiver);
                return Ok(Value::Object(member));
            }
            return polyglot
                .read_member(interp.ctx, &receiver, key)
                .map_err(|e| interop_error(e, &receiver, Some(key)));
        }
        match shape.lookup(key) {
            Some(location) => {
                record(&self.cache, interp, Some(PropertyEntry { shape, location, next: None, bound: None }));
                Ok(o.read(location))
            }
            None => {
                // Not in the shape (a dictionary-mode object, an element): nothing to cache,
                // so the read is generic from now on, in compiled code too.
                record(&self.cache, interp, None);
                o.get(key).ok_or_else(|| undefined_property(key))
            }
        }
    }
}

impl Execute for ReadPropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        self.cache.dispatch_on_shape(
            d,
            receiver,
            &self.is_object,
            |d, e| match e.bound {
                // A foreign receiver: its language's bound member, holding the receiver.
                Some(bound) => {
                    let member = d.new_object(bound);
                    d.store_slot(member, e.location, receiver);
                    Ok(member)
                }
                None => Ok(d.load_slot(receiver, e.location)),
            },
            |d| {
                d.boundary(
                    self,
                    |n: &ReadPropertyNode, interp: &mut Interp<'_>, v: &[Value]| n.read_slow(interp, v[0]),
                    &[receiver],
                )
            },
        )
    }
}

impl Dump for ReadPropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(
            Label::new(format!("ReadProperty {:?}", self.key)).cache(None, &self.cache),
            &[&*self.receiver],
        );
    }
}

/// `o.name = v` / `o["name"] = v`: creates or updates the property and yields `v`;
/// `Undefined property: KEY` when the receiver is not an object. Evaluation order: receiver,
/// value.
///
/// Cache lattice as [`ReadPropertyNode`]'s. A cached write to an existing property is a shape
/// check and a store; a cached write that adds a property also stores the new shape (the
/// transition), after checking, for a property past the inline slots, that the extension
/// array has room (growing it is the generic write's, out of line). Keys that are array
/// indices (which may be elements) and dictionary-mode receivers stay out of line.
pub struct WritePropertyNode {
    receiver: NodeBox,
    key: Box<str>,
    value: NodeBox,
    cache: PropertyCache,
    is_object: ConditionProfile,
    /// Whether a cached transition that adds a property past the inline slots found room in
    /// the receiver's extension array.
    extension_fits: ConditionProfile,
}

impl WritePropertyNode {
    pub fn new(receiver: NodeBox, key: Box<str>, value: NodeBox) -> WritePropertyNode {
        WritePropertyNode {
            receiver,
            key,
            value,
            cache: InlineCache::new(),
            is_object: ConditionProfile::new(),
            extension_fits: ConditionProfile::new(),
        }
    }

    /// The cache miss, out of line: the generic write, caching the receiver's shape (and the
    /// transition, when the write adds a property).
    fn write_slow(
        &self,
        interp: &mut Interp<'_>,
        receiver: Value,
        value: Value,
    ) -> Result<Value, GuestError> {
        let key = &*self.key;
        let Value::Object(o) = receiver else {
            return Err(undefined_property(key));
        };
        if is_foreign(&receiver, SL) {
            let polyglot = crate::polyglot::current()?;
            polyglot
                .write_member(interp.ctx, &receiver, key, value)
                .map_err(|e| interop_error(e, &receiver, Some(key)))?;
            return Ok(value);
        }
        let shape = o.shape();
        // What the cache learns from the shape before the write: nothing for a key that may
        // be an element; the entry (or transition) for a fast-mode shape.
        let entry = if shape.is_dictionary() || array_index(key).is_some() {
            None
        } else {
            match shape.lookup(key) {
                Some(location) => Some(PropertyEntry { shape, location, next: None, bound: None }),
                None => shape
                    .with_property(key)
                    .and_then(|next| Some((next, next.lookup(key)?)))
                    .map(|(next, location)| PropertyEntry { shape, location, next: Some(next), bound: None }),
            }
        };
        o.set(key, value);
        // A write the cache cannot learn (a dictionary-mode object, an element key) makes it
        // megamorphic: compiled code then writes generically instead of deoptimizing on every
        // such write.
        record(&self.cache, interp, entry);
        Ok(value)
    }
}

impl Execute for WritePropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        let value = d.execute(&*self.value)?;
        self.cache.dispatch_on_shape(
            d,
            receiver,
            &self.is_object,
            |d, e| {
                let Some(next) = e.next else {
                    d.store_slot(receiver, e.location, value);
                    return Ok(value);
                };
                let add = |d: &mut D| {
                    d.store_slot(receiver, e.location, value);
                    d.set_shape(receiver, next);
                    Ok(value)
                };
                let Some(index) = (e.location.0 as usize).checked_sub(INLINE_SLOTS) else {
                    return add(d);
                };
                // A new property past the inline slots: in place when the extension array
                // has room, else the generic write grows it.
                let capacity = d.extension_capacity(receiver);
                let index = d.int_constant(index as i64);
                let fits = d.int_compare(IntCmp::Lt, index, capacity);
                d.choose(fits, &self.extension_fits, add, |d| self.write_out_of_line(d, receiver, value))
            },
            |d| self.write_out_of_line(d, receiver, value),
        )
    }
}

impl WritePropertyNode {
    /// The generic write ([`WritePropertyNode::write_slow`]) as a boundary.
    fn write_out_of_line<D: Domain + ?Sized>(
        &self,
        d: &mut D,
        receiver: D::Value,
        value: D::Value,
    ) -> Result<D::Value, D::Abrupt> {
        d.boundary(
            self,
            |n: &WritePropertyNode, interp: &mut Interp<'_>, v: &[Value]| n.write_slow(interp, v[0], v[1]),
            &[receiver, value],
        )
    }
}

impl Dump for WritePropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(
            Label::new(format!("WriteProperty {:?}", self.key)).cache(None, &self.cache),
            &[&*self.receiver, &*self.value],
        );
    }
}

/// Guards that `receiver` is an object and `key` an `Int` that compares with its element
/// count by `cmp` (`ULt`: an element; `Eq`: the next one, an append); returns the unboxed
/// index. Compiled: two tag compares, one load and one compare.
fn guard_element<D: Domain + ?Sized>(
    d: &mut D,
    receiver: D::Value,
    key: D::Value,
    cmp: IntCmp,
) -> Result<D::Int, Miss<D::Abrupt>> {
    let is_object = d.has_tag(receiver, Tag::Object);
    let is_int = d.has_tag(key, Tag::Int);
    let both = d.and(is_object, is_int);
    d.guard(both)?;
    let index = d.unbox_int(key);
    let count = d.element_count(receiver);
    let applies = d.int_compare(cmp, index, count);
    d.guard(applies)?;
    Ok(index)
}

/// The generic keyed read: `Int` keys without formatting them when they hit an element.
fn read_keyed(interp: &mut Interp<'_>, receiver: Value, key: Value) -> Result<Value, GuestError> {
    if is_foreign(&receiver, SL) {
        let polyglot = crate::polyglot::current()?;
        let read = match key {
            Value::Int(i) => polyglot.read_element(interp.ctx, &receiver, i),
            _ => polyglot.read_member(interp.ctx, &receiver, &to_sl_string(&key)),
        };
        return read.map_err(|e| interop_error(e, &receiver, Some(&to_sl_string(&key))));
    }
    let found = match (receiver, key) {
        (Value::Object(o), Value::Int(i)) => o.get_index(i),
        (Value::Object(o), key) => o.get(&to_sl_string(&key)),
        _ => None,
    };
    found.ok_or_else(|| undefined_property(&to_sl_string(&key)))
}

/// The generic keyed write.
fn write_keyed(
    interp: &mut Interp<'_>,
    receiver: Value,
    key: Value,
    value: Value,
) -> Result<Value, GuestError> {
    if is_foreign(&receiver, SL) {
        let polyglot = crate::polyglot::current()?;
        let written = match key {
            Value::Int(i) => polyglot.write_element(interp.ctx, &receiver, i, value),
            _ => polyglot.write_member(interp.ctx, &receiver, &to_sl_string(&key), value),
        };
        written.map_err(|e| interop_error(e, &receiver, Some(&to_sl_string(&key))))?;
        return Ok(value);
    }
    match (receiver, key) {
        (Value::Object(o), Value::Int(i)) => o.set_index(i, value),
        (Value::Object(o), key) => o.set(&to_sl_string(&key), value),
        _ => return Err(undefined_property(&to_sl_string(&key))),
    }
    Ok(value)
}

/// `o[key]` with a computed key: the property whose key is `key`'s string conversion (so
/// `o[1]` and `o["1"]` are one property); `Undefined property: KEY` when missing or when the
/// receiver is not an object. Evaluation order: receiver, key.
///
/// Specializations, most specific first:
/// * `Element` — receiver an object, key an `Int` below its element count: a bounds-checked
///   load from the elements array.
/// * `Generic` — anything else: the lookup out of line (a boundary: key conversion and hash
///   lookups do not belong in compiled code). Does not replace `Element`.
pub struct ReadKeyedPropertyNode {
    receiver: Child,
    key: Child,
    state: SpecializationState,
}

impl ReadKeyedPropertyNode {
    pub fn new(receiver: NodeBox, key: NodeBox) -> ReadKeyedPropertyNode {
        ReadKeyedPropertyNode {
            receiver: receiver.into(),
            key: key.into(),
            state: SpecializationState::new(),
        }
    }

    fn element<D: Domain + ?Sized>(&self, d: &mut D, [receiver, key]: [D::Value; 2]) -> Outcome<D> {
        let index = guard_element(d, receiver, key, IntCmp::ULt)?;
        Ok(d.load_element(receiver, index))
    }

    fn generic<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 2]) -> Outcome<D> {
        let read = |_: &ReadKeyedPropertyNode, i: &mut Interp<'_>, v: &[Value]| read_keyed(i, v[0], v[1]);
        Ok(d.boundary(self, read, &ops)?)
    }
}

impl Specialize<2> for ReadKeyedPropertyNode {
    const SPECIALIZATIONS: &'static [Specialization<Self, 2>] =
        bonsai::specializations![Element => Self::element, Generic => Self::generic];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(&self, interp: &mut Interp<'_>, [receiver, key]: [Value; 2]) -> Result<Value, GuestError> {
        read_keyed(interp, receiver, key)
    }
}

impl Execute for ReadKeyedPropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        bonsai::specialization::execute_binary(d, self, &self.receiver, &self.key)
    }
}

impl Dump for ReadKeyedPropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        w.node(Label::new("ReadKeyedProperty").specialized(self), &[&*self.receiver, &*self.key]);
    }
}

/// `o[key] = v` with a computed key: creates or updates the property (an element when `key` is
/// an `Int` within or just past the elements) and yields `v`; `Undefined property: KEY` when
/// the receiver is not an object. Evaluation order: receiver, key, value.
///
/// Specializations, most specific first:
/// * `Element` — receiver an object, key an `Int` below its element count: a bounds-checked
///   store into the elements array.
/// * `Append` — receiver an object, key an `Int` equal to its element count, and room in its
///   elements array: a store and a count update in place. Guarded apart from `Generic`, so a
///   site that builds an array and then updates it in place still activates `Element`.
/// * `Grow` — the same append when the elements array is full: out of line (the runtime grows
///   the array, doubling it). Guarded on the full array, so the appends after it activate
///   `Append`.
/// * `Generic` — anything else out of line: named keys, errors. Replaces nothing; a site that
///   sees such keys first handles its element accesses out of line too.
pub struct WriteKeyedPropertyNode {
    receiver: NodeBox,
    key: NodeBox,
    value: NodeBox,
    state: SpecializationState,
}

impl WriteKeyedPropertyNode {
    pub fn new(receiver: NodeBox, key: NodeBox, value: NodeBox) -> WriteKeyedPropertyNode {
        WriteKeyedPropertyNode { receiver, key, value, state: SpecializationState::new() }
    }

    fn element<D: Domain + ?Sized>(&self, d: &mut D, [receiver, key, value]: [D::Value; 3]) -> Outcome<D> {
        let index = guard_element(d, receiver, key, IntCmp::ULt)?;
        d.store_element(receiver, index, value);
        Ok(value)
    }

    fn append<D: Domain + ?Sized>(&self, d: &mut D, [receiver, key, value]: [D::Value; 3]) -> Outcome<D> {
        let index = guard_element(d, receiver, key, IntCmp::Eq)?;
        let capacity = d.element_capacity(receiver);
        let room = d.int_compare(IntCmp::ULt, index, capacity);
        d.guard(room)?;
        d.store_element(receiver, index, value);
        let one = d.int_constant(1);
        let (count, _) = d.int_op_checked(IntOp::Add, index, one);
        d.set_element_count(receiver, count);
        Ok(value)
    }

    fn grow<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 3]) -> Outcome<D> {
        let index = guard_element(d, ops[0], ops[1], IntCmp::Eq)?;
        let capacity = d.element_capacity(ops[0]);
        let room = d.int_compare(IntCmp::ULt, index, capacity);
        let full = d.not(room);
        d.guard(full)?;
        self.generic(d, ops)
    }

    fn generic<D: Domain + ?Sized>(&self, d: &mut D, ops: [D::Value; 3]) -> Outcome<D> {
        let write =
            |_: &WriteKeyedPropertyNode, i: &mut Interp<'_>, v: &[Value]| write_keyed(i, v[0], v[1], v[2]);
        Ok(d.boundary(self, write, &ops)?)
    }
}

impl Specialize<3> for WriteKeyedPropertyNode {
    const SPECIALIZATIONS: &'static [Specialization<Self, 3>] = bonsai::specializations![
        Element => Self::element,
        Append => Self::append,
        Grow => Self::grow,
        Generic => Self::generic,
    ];

    fn specialization_state(&self) -> &SpecializationState {
        &self.state
    }

    fn fallback(
        &self,
        interp: &mut Interp<'_>,
        [receiver, key, value]: [Value; 3],
    ) -> Result<Value, GuestError> {
        write_keyed(interp, receiver, key, value)
    }
}

impl Execute for WriteKeyedPropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        let key = d.execute(&*self.key)?;
        let value = d.execute(&*self.value)?;
        d.specialized(self, [receiver, key, value])
    }
}

impl Dump for WriteKeyedPropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        let children: [&dyn Node; 3] = [&*self.receiver, &*self.key, &*self.value];
        w.node(Label::new("WriteKeyedProperty").specialized(self), &children);
    }
}
