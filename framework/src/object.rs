//! The object model: dynamic objects, shapes, shape transitions and property locations,
//! for every guest language (the role of Truffle's `DynamicObject` and `Shape`).
//!
//! A [`DynamicObject`] lives in the garbage-collected heap: a shape word, a few inline
//! slots and an extension array for further properties. Its [`Shape`] maps property keys to
//! [`Location`]s; adding a property follows a *shape transition* cached on the old shape, so
//! objects built the same way share shapes. Inline caches key on the shape: in compiled code
//! a cached property access is a shape check and a load or store at a constant offset.
//!
//! Shapes, like call targets, live for the process (they describe layouts, not data).

use crate::heap::{self, Gc, HeapArray, Trace, Tracer};
use crate::value::Value;
use indexmap::IndexMap;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

/// Number of property slots stored in the object itself; more go to the extension array.
pub const INLINE_SLOTS: usize = 4;

/// Where a property's value lives: slot `i` of an object (inline for `i < INLINE_SLOTS`, else
/// element `i - INLINE_SLOTS` of the extension array). Displayed as `@i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location(pub u32);

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.0)
    }
}

/// Where a location is in memory, for compiled code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotAddress {
    /// Byte offset of the value from the object's address.
    Inline { offset: i32 },
    /// Byte offset of the extension-array pointer in the object, and of the value in the array.
    Extension { array_offset: i32, offset: i32 },
}

impl Location {
    /// The memory address of this location, relative to the object (or its extension array).
    pub fn address(self) -> SlotAddress {
        let i = self.0 as usize;
        let size = Value::SIZE_BYTES as i32;
        if i < INLINE_SLOTS {
            SlotAddress::Inline { offset: DynamicObject::INLINE_OFFSET + i as i32 * size }
        } else {
            SlotAddress::Extension {
                array_offset: DynamicObject::EXTENSION_OFFSET,
                offset: HeapArray::<Value>::ELEMENTS_OFFSET + (i - INLINE_SLOTS) as i32 * size,
            }
        }
    }
}

/// Identity of a shape, for dumps: `shape3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeId(pub u32);

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shape{}", self.0)
    }
}

/// The layout of objects: which properties they have, in which locations. Immutable;
/// adding a property makes (or finds) a child shape through [`Shape::with_property`].
pub struct Shape {
    id: ShapeId,
    properties: IndexMap<Box<str>, Location>,
    transitions: RefCell<HashMap<Box<str>, ShapeRef>>,
}

/// A shape: compared by address.
pub type ShapeRef = &'static Shape;

static NEXT_SHAPE: AtomicU32 = AtomicU32::new(0);

impl Shape {
    /// A new empty root shape (one per kind of object of a language).
    pub fn new_root() -> ShapeRef {
        Shape::leak(IndexMap::new())
    }

    fn leak(properties: IndexMap<Box<str>, Location>) -> ShapeRef {
        let id = ShapeId(NEXT_SHAPE.fetch_add(1, Ordering::Relaxed));
        Box::leak(Box::new(Shape { id, properties, transitions: RefCell::new(HashMap::new()) }))
    }

    pub fn id(&self) -> ShapeId {
        self.id
    }

    /// The location of `key`, if objects of this shape have it.
    pub fn lookup(&self, key: &str) -> Option<Location> {
        self.properties.get(key).copied()
    }

    /// Number of properties.
    pub fn property_count(&self) -> usize {
        self.properties.len()
    }

    /// The property keys in the order they were added.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(|k| &**k)
    }

    /// The shape after adding `key` (which this shape must not have): the cached transition,
    /// or a new child shape with `key` at the next location.
    pub fn with_property(&'static self, key: &str) -> ShapeRef {
        if let Some(next) = self.transitions.borrow().get(key) {
            return next;
        }
        let mut properties = self.properties.clone();
        properties.insert(key.into(), Location(self.properties.len() as u32));
        let next = Shape::leak(properties);
        self.transitions.borrow_mut().insert(key.into(), next);
        next
    }

    /// The property keys in order, as `{a,x}`: how dumps name a shape (deterministic, unlike
    /// ids, which depend on the order shapes were created in).
    pub fn describe(&self) -> String {
        format!("{{{}}}", self.keys().collect::<Vec<_>>().join(","))
    }

    /// The shape's address as a word, as compiled code compares it.
    pub fn bits(&'static self) -> i64 {
        self as *const Shape as i64
    }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{{{}}}", self.id, self.keys().collect::<Vec<_>>().join(","))
    }
}

/// An object with a dynamic set of properties, in the heap.
#[repr(C)]
pub struct DynamicObject {
    shape: Cell<ShapeRef>,
    inline: [Cell<Value>; INLINE_SLOTS],
    extension: Cell<Option<Gc<HeapArray<Value>>>>,
}

// SAFETY: the shape is process-lifetime metadata, not a heap reference; every heap reference
// is in a slot value or is the extension array, all visited.
unsafe impl Trace for DynamicObject {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.inline.trace(tracer);
        self.extension.trace(tracer);
    }
}

impl DynamicObject {
    /// Byte offset of the shape pointer.
    pub const SHAPE_OFFSET: i32 = std::mem::offset_of!(DynamicObject, shape) as i32;
    /// Byte offset of inline slot 0.
    pub const INLINE_OFFSET: i32 = std::mem::offset_of!(DynamicObject, inline) as i32;
    /// Byte offset of the extension-array pointer (null when there is none).
    pub const EXTENSION_OFFSET: i32 = std::mem::offset_of!(DynamicObject, extension) as i32;

    /// A new object of shape `shape` with every slot `Null`.
    pub fn new(shape: ShapeRef) -> Gc<DynamicObject> {
        let extension = shape.property_count().checked_sub(INLINE_SLOTS).filter(|n| *n > 0);
        heap::alloc(DynamicObject {
            shape: Cell::new(shape),
            inline: std::array::from_fn(|_| Cell::new(Value::Null)),
            extension: Cell::new(extension.map(|n| heap::alloc_array(n, Value::Null))),
        })
    }

    /// The memory image of a new object of shape `shape`, for allocation fast paths in
    /// compiled code ([`heap::AllocationFastPath`]): its words from the object's start (header
    /// word, shape, every inline slot `Null`, no extension array), as [`DynamicObject::new`]
    /// lays them out. `None` when the shape needs an extension array, which only
    /// [`DynamicObject::new`] allocates.
    pub fn initial_image(shape: ShapeRef) -> Option<Vec<u64>> {
        if shape.property_count() > INLINE_SLOTS {
            return None;
        }
        let (header, bytes) = heap::fixed_layout::<DynamicObject>();
        let mut words = vec![0u64; bytes / 8];
        words[0] = header;
        let word = |offset: i32| (heap::HEADER_BYTES + offset as usize) / 8;
        words[word(Self::SHAPE_OFFSET)] = shape.bits() as u64;
        for i in 0..INLINE_SLOTS {
            let slot = Self::INLINE_OFFSET + i as i32 * Value::SIZE_BYTES as i32;
            words[word(slot + Value::TAG_OFFSET)] = Value::Null.tag().bits();
            words[word(slot + Value::PAYLOAD_OFFSET)] = Value::Null.payload_bits();
        }
        words[word(Self::EXTENSION_OFFSET)] = 0;
        Some(words)
    }

    /// A new object that is never collected (for objects a language keeps in Rust data
    /// structures, e.g. type objects). Its extension array, if any, is reachable from it.
    pub fn new_immortal(shape: ShapeRef) -> Gc<DynamicObject> {
        let extension = shape.property_count().checked_sub(INLINE_SLOTS).filter(|n| *n > 0);
        heap::alloc_immortal(DynamicObject {
            shape: Cell::new(shape),
            inline: std::array::from_fn(|_| Cell::new(Value::Null)),
            extension: Cell::new(extension.map(|n| heap::alloc_array_immortal(n, Value::Null))),
        })
    }

    pub fn shape(&self) -> ShapeRef {
        self.shape.get()
    }

    /// The value at `location` (`Null` if the object has no such slot).
    pub fn read(&self, location: Location) -> Value {
        let i = location.0 as usize;
        if i < INLINE_SLOTS {
            return self.inline[i].get();
        }
        match self.extension.get() {
            Some(ext) => ext.as_cells().get(i - INLINE_SLOTS).map(Cell::get).unwrap_or(Value::Null),
            None => Value::Null,
        }
    }

    /// Stores `value` at `location`, growing the extension array when needed.
    pub fn write(&self, location: Location, value: Value) {
        let i = location.0 as usize;
        if i < INLINE_SLOTS {
            self.inline[i].set(value);
            return;
        }
        let j = i - INLINE_SLOTS;
        let ext = match self.extension.get() {
            Some(ext) if j < ext.len() => ext,
            old => {
                let len = (j + 1).max(old.map_or(0, |e| e.len() * 2)).max(4);
                let grown = heap::alloc_array(len, Value::Null);
                if let Some(old) = old {
                    for (k, cell) in old.as_cells().iter().enumerate() {
                        grown.set(k, cell.get());
                    }
                }
                self.extension.set(Some(grown));
                grown
            }
        };
        ext.set(j, value);
    }

    /// Whether storing at `location` needs a larger extension array (done out of line).
    pub fn needs_growth(&self, location: Location) -> bool {
        let i = location.0 as usize;
        i >= INLINE_SLOTS && self.extension.get().is_none_or(|e| i - INLINE_SLOTS >= e.len())
    }

    /// The value of property `key`, if the object has it.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.shape().lookup(key).map(|l| self.read(l))
    }

    /// Sets property `key`, adding it (a shape transition) if the object does not have it.
    pub fn set(&self, key: &str, value: Value) {
        let shape = self.shape();
        match shape.lookup(key) {
            Some(l) => self.write(l, value),
            None => {
                let next = shape.with_property(key);
                let l = next.lookup(key).unwrap_or(Location(shape.property_count() as u32));
                self.write(l, value);
                self.shape.set(next);
            }
        }
    }

    /// Changes the object's shape (after the caller stored the new property's value).
    pub fn set_shape(&self, shape: ShapeRef) {
        self.shape.set(shape);
    }
}
