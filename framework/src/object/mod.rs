//! The object model: dynamic objects, shapes, shape transitions, property locations,
//! dictionary mode and indexed elements, for every guest language (the role of Truffle's
//! `DynamicObject` and `Shape`, with V8's dictionary mode and elements).
//!
//! A [`DynamicObject`] lives in the garbage-collected heap. Its properties live in one of
//! three places:
//!
//! * **Named properties, fast mode**: a shape word, [`INLINE_SLOTS`] inline slots and an
//!   extension array. The [`Shape`] maps each key to a [`Location`]; adding a property follows
//!   a *shape transition* cached on the old shape, so objects built the same way share shapes
//!   and inline caches key on the shape: in compiled code a cached property access is a shape
//!   check and a load or store at a constant offset. See [`shape`] for the shared key tables
//!   (adding a property is O(1) amortized) and the bounds of a shape tree.
//! * **Named properties, dictionary mode**: an object whose shape would pass the tree's bounds
//!   moves its named properties to a hash table of its own (in the extension array's place)
//!   and takes its tree's dictionary shape ([`Shape::is_dictionary`]), which inline caches
//!   treat as megamorphic. See [`dictionary`].
//! * **Elements**: keys that are array indices ([`array_index`]: `"0"`, `"1"`, … — a language
//!   maps its integer keys to these) live in a packed, growable elements array beside the named
//!   properties: index `i` is an element exactly when `i` is below the element count, and
//!   writing index `count` appends. In compiled code an element access is a bounds check and a
//!   load or store ([`DynamicObject::ELEMENTS_OFFSET`], [`DynamicObject::ELEMENT_COUNT_OFFSET`]).
//!   An index key written beyond the end is stored as a named property instead; appending
//!   stops at an index that exists as a named property, so every key lives in one place.

pub mod dictionary;
mod named;
pub mod shape;

pub use named::NamedValues;
pub use shape::{Shape, ShapeId, ShapeRef, MAX_FAST_PROPERTIES, MAX_SHAPES_PER_TREE};

use crate::heap::{self, Gc, HeapArray, Trace, Tracer};
use crate::value::Value;
use std::cell::Cell;
use std::fmt;

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
    Inline {
        /// Byte offset from the object's address.
        offset: i32,
    },
    /// Byte offset of the extension-array pointer in the object, and of the value in the array.
    Extension {
        /// Byte offset of the extension-array pointer in the object.
        array_offset: i32,
        /// Byte offset of the value in the extension array.
        offset: i32,
    },
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

/// The array index a property key denotes, if any: the canonical decimal form of an integer
/// in `0..u32::MAX` (`"0"`, `"17"`; not `"017"`, `"-1"`, `"+1"` or `"1.0"`), as in
/// ECMAScript's array indices. A language whose integer keys and string keys denote the same
/// property (SL: `o[1]` and `o["1"]`) converts its keys to these strings.
pub fn array_index(key: &str) -> Option<usize> {
    let bytes = key.as_bytes();
    if bytes.is_empty() || bytes.len() > 10 || (bytes.len() > 1 && bytes[0] == b'0') {
        return None;
    }
    let mut n: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    (n < u64::from(u32::MAX)).then_some(n as usize)
}

/// An object with a dynamic set of properties, in the heap (see the [module docs](self)).
#[repr(C)]
pub struct DynamicObject {
    shape: Cell<ShapeRef>,
    inline: [Cell<Value>; INLINE_SLOTS],
    /// Fast mode: the slots past the inline ones. Dictionary mode: the property table.
    extension: Cell<Option<Gc<HeapArray<Value>>>>,
    /// The elements; its length is the capacity, of which `element_count` are in use. Never
    /// null: objects without elements share [`heap::empty_value_array`].
    elements: Cell<Gc<HeapArray<Value>>>,
    element_count: Cell<u64>,
}

// SAFETY: the shape is process-lifetime metadata, not a heap reference; every heap reference
// is in a slot value, the extension array or the elements array, all visited.
unsafe impl Trace for DynamicObject {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.inline.trace(tracer);
        self.extension.trace(tracer);
        self.elements.trace(tracer);
    }
}

impl DynamicObject {
    /// Byte offset of the shape pointer.
    pub const SHAPE_OFFSET: i32 = std::mem::offset_of!(DynamicObject, shape) as i32;
    /// Byte offset of inline slot 0.
    pub const INLINE_OFFSET: i32 = std::mem::offset_of!(DynamicObject, inline) as i32;
    /// Byte offset of the extension-array pointer (null when there is none).
    pub const EXTENSION_OFFSET: i32 = std::mem::offset_of!(DynamicObject, extension) as i32;
    /// Byte offset of the elements-array pointer (never null); element `i` is at
    /// `HeapArray::<Value>::ELEMENTS_OFFSET + 16 * i` in that array, and its length (the
    /// capacity) at `HeapArray::<Value>::LEN_OFFSET`.
    pub const ELEMENTS_OFFSET: i32 = std::mem::offset_of!(DynamicObject, elements) as i32;
    /// Byte offset of the element count (a u64; elements `0..count` are in use).
    pub const ELEMENT_COUNT_OFFSET: i32 = std::mem::offset_of!(DynamicObject, element_count) as i32;

    fn with_shape(shape: ShapeRef) -> DynamicObject {
        DynamicObject {
            shape: Cell::new(shape),
            inline: std::array::from_fn(|_| Cell::new(Value::Null)),
            extension: Cell::new(None),
            elements: Cell::new(heap::empty_value_array()),
            element_count: Cell::new(0),
        }
    }

    fn extension_slots(shape: ShapeRef) -> Option<usize> {
        shape.property_count().checked_sub(INLINE_SLOTS).filter(|n| *n > 0)
    }

    /// A new object of shape `shape` with every slot `Null` and no elements. A dictionary
    /// shape gets an empty property table.
    pub fn new(shape: ShapeRef) -> Gc<DynamicObject> {
        Self::with_storage(heap::alloc(DynamicObject::with_shape(shape)), |n| {
            heap::alloc_array(n, Value::Null)
        })
    }

    /// Gives a new `object` the storage its shape needs: a property table for a dictionary
    /// shape, an extension array of `allocate_array(len)` for a shape past the inline slots.
    fn with_storage(
        object: Gc<DynamicObject>,
        allocate_array: impl FnOnce(usize) -> Gc<HeapArray<Value>>,
    ) -> Gc<DynamicObject> {
        let shape = object.shape();
        if shape.is_dictionary() {
            object.extension.set(Some(dictionary::new(0)));
        } else if let Some(n) = Self::extension_slots(shape) {
            object.extension.set(Some(allocate_array(n)));
        }
        object
    }

    /// The memory image of a new object of shape `shape`, for allocation fast paths in
    /// compiled code ([`heap::AllocationFastPath`]): its words from the object's start (header
    /// word, shape, every inline slot `Null`, no extension array, no elements), as
    /// [`DynamicObject::new`] lays them out. `None` when the shape needs an extension array
    /// or is a dictionary shape, which only [`DynamicObject::new`] allocates.
    pub fn initial_image(shape: ShapeRef) -> Option<Vec<u64>> {
        if shape.property_count() > INLINE_SLOTS || shape.is_dictionary() {
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
        words[word(Self::ELEMENTS_OFFSET)] = heap::empty_value_array().to_bits();
        words[word(Self::ELEMENT_COUNT_OFFSET)] = 0;
        Some(words)
    }

    /// A new object that is never collected (for objects a language keeps in Rust data
    /// structures, e.g. type objects). Its extension array, if any, is reachable from it.
    pub fn new_immortal(shape: ShapeRef) -> Gc<DynamicObject> {
        let object = heap::alloc_immortal(DynamicObject::with_shape(shape));
        Self::with_storage(object, |n| heap::alloc_array_immortal(n, Value::Null))
    }

    /// The object's current shape.
    pub fn shape(&self) -> ShapeRef {
        self.shape.get()
    }

    /// The value at `location` (`Null` if the object has no such slot). Fast mode only.
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

    /// Stores `value` at `location`, growing the extension array when needed. Fast mode only.
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

    /// The value of property `key`, if the object has it: an element when `key` is an array
    /// index below the element count, else a named property.
    pub fn get(&self, key: &str) -> Option<Value> {
        if let Some(v) = array_index(key).and_then(|i| self.element(i)) {
            return Some(v);
        }
        self.get_named(key)
    }

    /// The value of the property whose key is the decimal form of `index` (an element when
    /// `index` is below the element count), if the object has it. Like
    /// `get(&index.to_string())` without the string in the common case.
    pub fn get_index(&self, index: i64) -> Option<Value> {
        match usize::try_from(index).ok().and_then(|i| self.element(i)) {
            Some(v) => Some(v),
            None => self.get_named(&index.to_string()),
        }
    }

    /// Sets property `key`, adding it if the object does not have it: an element when `key`
    /// is an array index below the element count, or equal to it (an append) unless a named
    /// property has that key; otherwise a named property (a shape transition, or dictionary
    /// mode past the shape tree's bounds).
    pub fn set(&self, key: &str, value: Value) {
        if let Some(i) = array_index(key) {
            if self.set_element(i, value) {
                return;
            }
            if i == self.element_count() && !(self.shape().has_index_keys() && self.get_named(key).is_some())
            {
                self.push_element(value);
                return;
            }
            // A named property with an index key: appends in place must stop below it.
            self.cap_elements(i);
        }
        self.set_named(key, value);
    }

    /// Shrinks the elements array's capacity to at most `limit` (at least the element count),
    /// so that no append in place ([`DynamicObject::set_element_count`]) reaches index
    /// `limit`, which is (or is about to be) a named property.
    fn cap_elements(&self, limit: usize) {
        let elements = self.elements.get();
        let count = self.element_count();
        if limit < elements.len() && limit >= count {
            let capped = heap::alloc_array(limit, Value::Null);
            for i in 0..count {
                capped.set(i, elements.get(i));
            }
            self.elements.set(capped);
        }
    }

    /// The smallest index key above `index` that is a named property (`usize::MAX`: none).
    fn next_named_index(&self, index: usize) -> usize {
        let shape = self.shape();
        let keys: Vec<String> = if shape.is_dictionary() {
            self.extension.get().map(dictionary::keys).unwrap_or_default()
        } else {
            shape.keys().iter().map(|k| k.to_string()).collect()
        };
        keys.iter().filter_map(|k| array_index(k)).filter(|&i| i > index).min().unwrap_or(usize::MAX)
    }

    /// Sets the property whose key is the decimal form of `index`, as [`DynamicObject::set`].
    pub fn set_index(&self, index: i64, value: Value) {
        if usize::try_from(index).is_ok_and(|i| self.set_element(i, value)) {
            return;
        }
        self.set(&index.to_string(), value);
    }

    /// The named property `key` (not an element), if present.
    fn get_named(&self, key: &str) -> Option<Value> {
        let shape = self.shape();
        if shape.is_dictionary() {
            return self.extension.get().and_then(|table| dictionary::get(table, key));
        }
        shape.lookup(key).map(|l| self.read(l))
    }

    fn set_named(&self, key: &str, value: Value) {
        let shape = self.shape();
        if !shape.is_dictionary() {
            if let Some(l) = shape.lookup(key) {
                self.write(l, value);
                return;
            }
            if let Some(next) = shape.with_property(key) {
                self.write(Location(shape.property_count() as u32), value);
                self.shape.set(next);
                return;
            }
            self.to_dictionary_mode();
        }
        let table = match self.extension.get() {
            Some(table) => table,
            None => dictionary::new(1),
        };
        if !dictionary::update(table, key, value) {
            self.extension.set(Some(dictionary::insert(table, key, value)));
        }
    }

    /// Moves the named properties into a property table and takes the dictionary shape.
    fn to_dictionary_mode(&self) {
        let shape = self.shape();
        let keys = shape.keys();
        let mut table = dictionary::new(keys.len() + 1);
        for (i, key) in keys.iter().enumerate() {
            table = dictionary::insert(table, key, self.read(Location(i as u32)));
        }
        for slot in &self.inline {
            slot.set(Value::Null);
        }
        self.extension.set(Some(table));
        self.shape.set(shape.dictionary_shape());
    }

    /// Whether the object is in dictionary mode (see [`Shape::is_dictionary`]).
    pub fn is_dictionary(&self) -> bool {
        self.shape().is_dictionary()
    }

    /// The property keys: the element indices in order, then the named keys in the order
    /// they were added.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = (0..self.element_count()).map(|i| i.to_string()).collect();
        let shape = self.shape();
        if shape.is_dictionary() {
            keys.extend(self.extension.get().map(dictionary::keys).unwrap_or_default());
        } else {
            keys.extend(shape.keys().iter().map(|k| k.to_string()));
        }
        keys
    }

    /// Number of elements in use (indices `0..count`).
    pub fn element_count(&self) -> usize {
        self.element_count.get() as usize
    }

    /// Element `index`, if below the element count.
    pub fn element(&self, index: usize) -> Option<Value> {
        (index < self.element_count()).then(|| self.elements.get().get(index))
    }

    /// Replaces element `index` if it is below the element count; returns whether it was.
    pub fn set_element(&self, index: usize, value: Value) -> bool {
        let inside = index < self.element_count();
        if inside {
            self.elements.get().set(index, value);
        }
        inside
    }

    /// Stores element `index` if it is below the capacity (an in-place append stores at the
    /// element count, then raises it); returns whether it was.
    pub fn store_element_in_capacity(&self, index: usize, value: Value) -> bool {
        let elements = self.elements.get();
        let inside = index < elements.len();
        if inside {
            elements.set(index, value);
        }
        inside
    }

    /// Elements the object can hold before its elements array grows.
    /// The number of slots of the extension array (properties past the inline slots), 0
    /// without one. Fast mode only (a dictionary-mode object keeps its property table there).
    pub fn extension_capacity(&self) -> usize {
        self.extension.get().map_or(0, |e| e.len())
    }

    /// Elements the object has room for before its element array grows.
    pub fn element_capacity(&self) -> usize {
        self.elements.get().len()
    }

    /// Appends an element (index `element_count()`), growing the elements array by doubling.
    pub fn push_element(&self, value: Value) {
        let count = self.element_count();
        let old = self.elements.get();
        let elements = if count < old.len() {
            old
        } else {
            let mut capacity = (count * 2).max(4);
            if self.shape().has_index_keys() {
                // Appends in place must not reach an index that is a named property.
                capacity = capacity.min(self.next_named_index(count));
            }
            // SAFETY: all-zero bits are `Null` (tag 0; the payload of `Null` is not read). A
            // large array's memory is zeroed by the heap already and not written again.
            self.regrow_elements(unsafe { heap::alloc_zeroed_array(capacity) })
        };
        elements.set(count, value);
        self.element_count.set(count as u64 + 1);
    }

    /// Appends `n` elements, the `i`-th being `value(i)`, growing the elements at most once,
    /// to the exact size (`push_element` `n` times would reallocate about `log2 n` times).
    /// An object whose shape has index keys appends one by one (see `push_element`).
    pub fn extend_elements(&self, n: usize, value: impl Fn(usize) -> Value) {
        if self.shape().has_index_keys() {
            for i in 0..n {
                self.push_element(value(i));
            }
            return;
        }
        let count = self.element_count();
        let total = count + n;
        let old = self.elements.get();
        let elements = if total <= old.len() {
            old
        } else {
            // SAFETY: as in `push_element`.
            self.regrow_elements(unsafe { heap::alloc_zeroed_array(total) })
        };
        for i in 0..n {
            elements.set(count + i, value(i));
        }
        self.element_count.set(total as u64);
    }

    /// Appends `n` copies of `fill` (as [`DynamicObject::extend_elements`], with each element
    /// written once: a fresh elements array is allocated filled).
    pub fn extend_elements_filled(&self, n: usize, fill: Value) {
        let count = self.element_count();
        if self.shape().has_index_keys() || count + n <= self.elements.get().len() {
            return self.extend_elements(n, |_| fill);
        }
        let grown = if matches!(fill, Value::Null) {
            // SAFETY: all-zero bits are `Null` (tag 0; the payload of `Null` is not read).
            unsafe { heap::alloc_zeroed_array(count + n) }
        } else {
            heap::alloc_array(count + n, fill)
        };
        self.regrow_elements(grown);
        self.element_count.set((count + n) as u64);
    }

    /// Makes `grown` (a fresh array at least as long as the element count) the object's
    /// elements, with the current elements copied to its front; returns it.
    fn regrow_elements(&self, grown: Gc<HeapArray<Value>>) -> Gc<HeapArray<Value>> {
        let old = self.elements.get();
        for i in 0..self.element_count() {
            grown.set(i, old.get(i));
        }
        self.elements.set(grown);
        grown
    }

    /// Sets the element count to `count`, at most the capacity (for appends that stored
    /// element `count - 1` in place; see [`crate::exec::Domain::set_element_count`]).
    pub fn set_element_count(&self, count: usize) {
        self.element_count.set(count.min(self.element_capacity()) as u64);
    }

    /// Changes the object's shape (after the caller stored the new property's value).
    pub fn set_shape(&self, shape: ShapeRef) {
        self.shape.set(shape);
    }
}

#[cfg(test)]
mod tests;
