//! Property access (spec §9): `o.name`, `o[key]`, and their assignments, with inline caches
//! keyed by shape.

use super::NodeBox;
use crate::runtime::{to_sl_string, undefined_property};
use bonsai::exec::{Domain, IntCmp, Interp, Unwind};
use bonsai::node::{Dump, Execute, Node, TreeDump};
use bonsai::object::{Location, ShapeRef, INLINE_SLOTS};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use smallvec::SmallVec;
use std::cell::Cell;

/// Entries a property cache holds before it goes megamorphic.
pub const PROPERTY_CACHE_LIMIT: usize = 4;

/// The key of a property access: a name known when the tree is built (`o.name`, `o["x"]`),
/// or an expression (`o[e]`), converted to a key string by spec §12's string conversion.
pub enum Key {
    Constant(Box<str>),
    Computed(NodeBox),
}

impl Key {
    /// The constant key (empty for a computed one).
    fn constant(&self) -> &str {
        match self {
            Key::Constant(name) => name,
            Key::Computed(_) => "",
        }
    }
}

/// One cached shape: objects of `shape` have the property at `location`; a write that adds
/// the property moves them to `next` (a cached shape transition).
#[derive(Clone, Copy, Debug)]
struct Entry {
    shape: ShapeRef,
    location: Location,
    next: Option<ShapeRef>,
}

/// A property inline cache: a monotonic lattice
/// `Uninitialized → Monomorphic → Polymorphic (up to PROPERTY_CACHE_LIMIT shapes) → Megamorphic`.
#[derive(Clone, Copy, Debug)]
enum Cache {
    Cached([Option<Entry>; PROPERTY_CACHE_LIMIT]),
    Megamorphic,
}

impl Cache {
    fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let slice: &[Option<Entry>] = match self {
            Cache::Cached(e) => e,
            Cache::Megamorphic => &[],
        };
        slice.iter().flatten().copied()
    }

    /// The cache after a miss on `entry` (`None`: no change).
    fn add(self, entry: Entry) -> Option<Cache> {
        match self {
            Cache::Megamorphic => None,
            Cache::Cached(mut entries) => {
                if entries.iter().flatten().any(|e| std::ptr::eq(e.shape, entry.shape)) {
                    return None;
                }
                match entries.iter_mut().find(|e| e.is_none()) {
                    Some(free) => *free = Some(entry),
                    None => return Some(Cache::Megamorphic),
                }
                Some(Cache::Cached(entries))
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Cache::Megamorphic => "megamorphic".to_string(),
            Cache::Cached(_) => {
                let entries: Vec<String> = self
                    .entries()
                    .map(|e| match e.next {
                        Some(next) => format!("{}->{}{}", e.shape.describe(), next.describe(), e.location),
                        None => format!("{}{}", e.shape.describe(), e.location),
                    })
                    .collect();
                match entries.len() {
                    0 => "uninitialized".to_string(),
                    1 => format!("monomorphic {}", entries[0]),
                    _ => format!("polymorphic {}", entries.join(" ")),
                }
            }
        }
    }
}

fn key_string(key: &Value) -> String {
    to_sl_string(key)
}

/// What a cached access does for the matching entry (a load, or a store and maybe a transition).
type HitFn<'a, D> = dyn FnMut(&mut D, Entry) -> Result<<D as Domain>::Value, <D as Domain>::Abrupt> + 'a;
/// The out-of-line access after a cache miss.
type MissFn<'a, D> = dyn FnMut(&mut D) -> Result<<D as Domain>::Value, <D as Domain>::Abrupt> + 'a;

/// Emits the cached accesses: if the receiver is an object, compare its shape with each
/// entry's; `hit` runs for the matching entry; anything else goes to `miss` out of line.
fn dispatch<D: Domain + ?Sized>(
    d: &mut D,
    receiver: D::Value,
    entries: &[Entry],
    profiles: (&ConditionProfile, &ConditionProfile),
    hit: &mut HitFn<'_, D>,
    miss: &mut MissFn<'_, D>,
) -> Result<D::Value, D::Abrupt> {
    if entries.is_empty() {
        return miss(d);
    }
    let is_object = d.has_tag(receiver, Tag::Object);
    let (is_object_profile, hit_profile) = profiles;
    // Both closures need `miss`; `choose` runs exactly one of them.
    let miss = std::cell::RefCell::new(miss);
    d.choose(
        is_object,
        is_object_profile,
        |d| {
            let shape = d.shape_of(receiver);
            chain(d, shape, entries, hit_profile, hit, &mut **miss.borrow_mut())
        },
        |d| (miss.borrow_mut())(d),
    )
}

fn chain<D: Domain + ?Sized>(
    d: &mut D,
    shape: D::Int,
    entries: &[Entry],
    hit_profile: &ConditionProfile,
    hit: &mut HitFn<'_, D>,
    miss: &mut MissFn<'_, D>,
) -> Result<D::Value, D::Abrupt> {
    let Some((&entry, rest)) = entries.split_first() else {
        return miss(d);
    };
    let expected = d.int_constant(entry.shape.bits());
    let same = d.int_compare(IntCmp::Eq, shape, expected);
    // Both closures need `hit` and `miss`; `choose` runs exactly one of them.
    let hit = std::cell::RefCell::new(hit);
    let miss = std::cell::RefCell::new(miss);
    d.choose(
        same,
        hit_profile,
        |d| (hit.borrow_mut())(d, entry),
        |d| chain(d, shape, rest, hit_profile, &mut **hit.borrow_mut(), &mut **miss.borrow_mut()),
    )
}

/// `o.name` / `o[key]`: the property's value; `Undefined property: KEY` when the receiver is
/// not an object or has no such property. Evaluation order: receiver, key.
pub struct ReadPropertyNode {
    receiver: NodeBox,
    key: Key,
    cache: Cell<Cache>,
    is_object: ConditionProfile,
    cache_hit: ConditionProfile,
}

impl ReadPropertyNode {
    pub fn new(receiver: NodeBox, key: Key) -> ReadPropertyNode {
        ReadPropertyNode {
            receiver,
            key,
            cache: Cell::new(Cache::Cached([None; PROPERTY_CACHE_LIMIT])),
            is_object: ConditionProfile::new(),
            cache_hit: ConditionProfile::new(),
        }
    }

    /// The generic read, out of line; with a constant key it also fills the cache.
    fn read_slow(&self, interp: &mut Interp<'_>, receiver: Value, key: &str) -> Result<Value, Unwind> {
        let Value::Object(o) = receiver else {
            return Err(undefined_property(key).into());
        };
        let shape = o.shape();
        let Some(location) = shape.lookup(key) else {
            return Err(undefined_property(key).into());
        };
        if matches!(self.key, Key::Constant(_)) {
            if let Some(next) = self.cache.get().add(Entry { shape, location, next: None }) {
                self.cache.set(next);
                interp.report_rewrite();
            }
        }
        Ok(o.read(location))
    }
}

impl Execute for ReadPropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        match &self.key {
            Key::Computed(key) => {
                let k = d.execute(&**key)?;
                d.boundary(
                    self,
                    |n: &ReadPropertyNode, interp: &mut Interp<'_>, v: &[Value]| {
                        n.read_slow(interp, v[0], &key_string(&v[1]))
                    },
                    &[receiver, k],
                )
            }
            Key::Constant(_) => {
                let cache = self.cache.get();
                let entries: SmallVec<[Entry; PROPERTY_CACHE_LIMIT]> = cache.entries().collect();
                let mut miss = |d: &mut D| {
                    d.boundary(
                        self,
                        |n: &ReadPropertyNode, interp: &mut Interp<'_>, v: &[Value]| {
                            n.read_slow(interp, v[0], n.key.constant())
                        },
                        &[receiver],
                    )
                };
                let mut hit = |d: &mut D, e: Entry| Ok(d.load_slot(receiver, e.location));
                dispatch(d, receiver, &entries, (&self.is_object, &self.cache_hit), &mut hit, &mut miss)
            }
        }
    }
}

impl Dump for ReadPropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        match &self.key {
            Key::Constant(name) => {
                w.node(format!("ReadProperty {name:?} [{}]", self.cache.get().describe()), &[&*self.receiver])
            }
            Key::Computed(key) => w.node("ReadProperty [generic]", &[&*self.receiver, &**key]),
        }
    }
}

/// `o.name = v` / `o[key] = v`: creates or updates the property and yields `v`;
/// `Undefined property: KEY` when the receiver is not an object. Evaluation order: receiver,
/// key, value. A cached write to an existing property is a shape check and a store; a cached
/// write that adds an inline property also stores the new shape (the transition).
pub struct WritePropertyNode {
    receiver: NodeBox,
    key: Key,
    value: NodeBox,
    cache: Cell<Cache>,
    is_object: ConditionProfile,
    cache_hit: ConditionProfile,
}

impl WritePropertyNode {
    pub fn new(receiver: NodeBox, key: Key, value: NodeBox) -> WritePropertyNode {
        WritePropertyNode {
            receiver,
            key,
            value,
            cache: Cell::new(Cache::Cached([None; PROPERTY_CACHE_LIMIT])),
            is_object: ConditionProfile::new(),
            cache_hit: ConditionProfile::new(),
        }
    }

    /// The generic write, out of line; with a constant key it also fills the cache.
    fn write_slow(
        &self,
        interp: &mut Interp<'_>,
        receiver: Value,
        key: &str,
        value: Value,
    ) -> Result<Value, Unwind> {
        let Value::Object(o) = receiver else {
            return Err(undefined_property(key).into());
        };
        let shape = o.shape();
        let entry = match shape.lookup(key) {
            Some(location) => Some(Entry { shape, location, next: None }),
            None => {
                let next = shape.with_property(key);
                // Adding an extension slot may grow the array: those writes stay out of line.
                next.lookup(key).filter(|l| (l.0 as usize) < INLINE_SLOTS).map(|location| Entry {
                    shape,
                    location,
                    next: Some(next),
                })
            }
        };
        o.set(key, value);
        if let (Key::Constant(_), Some(entry)) = (&self.key, entry) {
            if let Some(next) = self.cache.get().add(entry) {
                self.cache.set(next);
                interp.report_rewrite();
            }
        }
        Ok(value)
    }
}

impl Execute for WritePropertyNode {
    fn execute<D: Domain + ?Sized>(&self, d: &mut D) -> Result<D::Value, D::Abrupt> {
        let receiver = d.execute(&*self.receiver)?;
        match &self.key {
            Key::Computed(key) => {
                let k = d.execute(&**key)?;
                let value = d.execute(&*self.value)?;
                d.boundary(
                    self,
                    |n: &WritePropertyNode, interp: &mut Interp<'_>, v: &[Value]| {
                        n.write_slow(interp, v[0], &key_string(&v[1]), v[2])
                    },
                    &[receiver, k, value],
                )
            }
            Key::Constant(_) => {
                let value = d.execute(&*self.value)?;
                let cache = self.cache.get();
                let entries: SmallVec<[Entry; PROPERTY_CACHE_LIMIT]> = cache.entries().collect();
                let mut miss = |d: &mut D| {
                    d.boundary(
                        self,
                        |n: &WritePropertyNode, interp: &mut Interp<'_>, v: &[Value]| {
                            n.write_slow(interp, v[0], n.key.constant(), v[1])
                        },
                        &[receiver, value],
                    )
                };
                let mut hit = |d: &mut D, e: Entry| {
                    d.store_slot(receiver, e.location, value);
                    if let Some(next) = e.next {
                        d.set_shape(receiver, next);
                    }
                    Ok(value)
                };
                dispatch(d, receiver, &entries, (&self.is_object, &self.cache_hit), &mut hit, &mut miss)
            }
        }
    }
}

impl Dump for WritePropertyNode {
    fn dump(&self, w: &mut TreeDump) {
        match &self.key {
            Key::Constant(name) => w.node(
                format!("WriteProperty {name:?} [{}]", self.cache.get().describe()),
                &[&*self.receiver, &*self.value],
            ),
            Key::Computed(key) => {
                let children: [&dyn Node; 3] = [&*self.receiver, &**key, &*self.value];
                w.node("WriteProperty [generic]", &children)
            }
        }
    }
}
