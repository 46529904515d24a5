//! Object layout, and the built-in variable-size objects: strings, big integers and arrays.
//!
//! Every heap object is one header word followed by the payload:
//!
//! ```text
//! object start (MMTk ObjectReference)   Gc<T> points here
//! │                                     │
//! ▼                                     ▼
//! ┌─────────────────────────────────────┬──────────────────────────────┬─────────┐
//! │ header: &'static TypeInfo (8 bytes) │ payload: T, or a length word │ padding │
//! │                                     │ followed by inline elements  │ to 8    │
//! └─────────────────────────────────────┴──────────────────────────────┴─────────┘
//! ```
//!
//! The [`TypeInfo`] tells the collector how to scan the payload and how large it is. Objects
//! are at least 16 bytes (a payload of at least one word), so a `Gc` always points inside its
//! object. Payloads are 8-byte aligned; types with a larger alignment are rejected at compile
//! time.
//!
//! Variable-size objects ([`HeapStr`], [`HeapBigInt`], [`HeapArray`]) are a `#[repr(C)]` struct
//! holding the length, followed directly by the elements, like a C flexible array member. Their
//! accessors reach the elements through a pointer derived from `&self`, past the struct's own
//! `size_of`; that is the usual header-plus-trailing-data pattern (sound under Tree Borrows, not
//! expressible under Stacked Borrows).

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::mem::{align_of, size_of};
use std::ops::Deref;
use std::ptr;

use mmtk::util::ObjectReference;
use num_bigint::{BigInt, Sign};

use super::gc::{Gc, Trace, Tracer};
use super::runtime::{self, Lifetime};
use super::HeapError;

/// Bytes of the header word in front of every payload.
pub(crate) const HEADER_BYTES: usize = 8;

/// Alignment of every object start and payload, in bytes.
pub(crate) const OBJECT_ALIGN_BYTES: usize = 8;

/// Per-type metadata the header points to: how the collector scans and sizes an object.
pub(crate) struct TypeInfo {
    /// Reports the references held by the payload at `payload`.
    pub(crate) trace: unsafe fn(payload: *const u8, tracer: &mut Tracer<'_>),
    /// Bytes of the payload at `payload` (before rounding and padding).
    pub(crate) payload_bytes: unsafe fn(payload: *const u8) -> usize,
    /// Rust type name, for diagnostics.
    pub(crate) name: fn() -> &'static str,
}

/// Total bytes of an object whose payload has `payload_bytes` bytes: the header plus the payload
/// rounded up to whole words (at least one). `None` on arithmetic overflow.
pub(crate) fn object_bytes(payload_bytes: usize) -> Option<usize> {
    let payload = payload_bytes.max(8).checked_add(OBJECT_ALIGN_BYTES - 1)? & !(OBJECT_ALIGN_BYTES - 1);
    payload.checked_add(HEADER_BYTES)
}

/// The payload address of `object`.
pub(crate) fn payload_of(object: ObjectReference) -> *const u8 {
    (object.to_raw_address().as_usize() + HEADER_BYTES) as *const u8
}

/// The `TypeInfo` of `object`.
///
/// # Safety
/// `object` must be an initialized heap object (its header written).
pub(crate) unsafe fn type_info(object: ObjectReference) -> &'static TypeInfo {
    // SAFETY: the header of an initialized object holds a `&'static TypeInfo`.
    unsafe { *(object.to_raw_address().as_usize() as *const &'static TypeInfo) }
}

/// Total bytes of `object` (header, payload and padding).
///
/// # Safety
/// `object` must be an initialized heap object.
pub(crate) unsafe fn object_size(object: ObjectReference) -> usize {
    // SAFETY: forwarded from the caller; the payload of an initialized object is readable.
    let payload_bytes = unsafe { (type_info(object).payload_bytes)(payload_of(object)) };
    // An object that exists was allocated with this size, so this cannot overflow.
    object_bytes(payload_bytes).unwrap_or(usize::MAX)
}

/// Reports the references held by `object` to `tracer`.
///
/// # Safety
/// `object` must be an initialized heap object and the mutator must be stopped.
pub(crate) unsafe fn trace_object(object: ObjectReference, tracer: &mut Tracer<'_>) {
    // SAFETY: forwarded from the caller.
    unsafe { (type_info(object).trace)(payload_of(object), tracer) }
}

/// Compile-time layout checks for a payload type.
const fn assert_heap_type<T>() {
    assert!(
        !std::mem::needs_drop::<T>(),
        "heap objects may not own Rust-heap memory: the payload type implements Drop (or holds something that does)"
    );
    assert!(align_of::<T>() <= OBJECT_ALIGN_BYTES, "heap payloads are at most 8-byte aligned");
}

/// The `TypeInfo` of a fixed-size payload `T`.
struct Fixed<T>(PhantomData<T>);

impl<T: Trace> Fixed<T> {
    const INFO: TypeInfo =
        TypeInfo { trace: trace_fixed::<T>, payload_bytes: fixed_bytes::<T>, name: std::any::type_name::<T> };
}

/// # Safety
/// `payload` must point at an initialized `T`.
unsafe fn trace_fixed<T: Trace>(payload: *const u8, tracer: &mut Tracer<'_>) {
    // SAFETY: forwarded from the caller.
    unsafe { (*payload.cast::<T>()).trace(tracer) }
}

unsafe fn fixed_bytes<T>(_payload: *const u8) -> usize {
    size_of::<T>()
}

unsafe fn trace_nothing(_payload: *const u8, _tracer: &mut Tracer<'_>) {}

/// Allocates a fixed-size object holding `value`.
pub(crate) fn allocate_fixed<T: Trace + 'static>(value: T, lifetime: Lifetime) -> Result<Gc<T>, HeapError> {
    const { assert_heap_type::<T>() };
    let info: &'static TypeInfo = &Fixed::<T>::INFO;
    // `value` stays in this frame (or a spilled register) while `allocate` may collect, so the
    // references it holds are found by the conservative stack scan.
    let payload = runtime::allocate(info, size_of::<T>(), lifetime, |payload| {
        // SAFETY: `payload` is fresh, 8-byte aligned memory of at least `size_of::<T>()` bytes.
        unsafe { ptr::write(payload.cast::<T>(), value) }
    })?;
    // SAFETY: the payload now holds an initialized `T`.
    Ok(unsafe { Gc::from_payload(payload.cast::<T>()) })
}

/// The header word and total object size of `T` objects (see `heap::fixed_layout`).
pub(crate) fn fixed_layout<T: Trace + 'static>() -> (u64, usize) {
    const { assert_heap_type::<T>() };
    let info: &'static TypeInfo = &Fixed::<T>::INFO;
    let bytes = object_bytes(size_of::<T>()).unwrap_or(usize::MAX);
    (info as *const TypeInfo as u64, bytes)
}

/// A string in the heap: UTF-8 bytes stored inline after a length word. Derefs to `str`.
#[repr(C)]
pub struct HeapStr {
    /// Length in bytes.
    len: usize,
    bytes: [u8; 0],
}

static HEAP_STR_INFO: TypeInfo =
    TypeInfo { trace: trace_nothing, payload_bytes: heap_str_bytes, name: || "HeapStr" };

/// # Safety
/// `payload` must point at an initialized `HeapStr`.
unsafe fn heap_str_bytes(payload: *const u8) -> usize {
    // SAFETY: forwarded from the caller.
    size_of::<HeapStr>() + unsafe { (*payload.cast::<HeapStr>()).len }
}

impl HeapStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        // SAFETY: `len` initialized UTF-8 bytes follow the length word (see `allocate_str`).
        unsafe {
            let bytes = std::slice::from_raw_parts(self.bytes.as_ptr(), self.len);
            std::str::from_utf8_unchecked(bytes)
        }
    }
}

impl Deref for HeapStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for HeapStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for HeapStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// Allocates a copy of `s`.
pub(crate) fn allocate_str(s: &str, lifetime: Lifetime) -> Result<Gc<HeapStr>, HeapError> {
    allocate_str_parts(&[s], lifetime)
}

/// Allocates the concatenation of `parts`, copied straight into the new object (no temporary
/// on the Rust heap).
pub(crate) fn allocate_str_parts(parts: &[&str], lifetime: Lifetime) -> Result<Gc<HeapStr>, HeapError> {
    let too_large = || HeapError::OutOfMemory { requested_bytes: usize::MAX };
    let len = parts.iter().try_fold(0usize, |n, p| n.checked_add(p.len())).ok_or_else(too_large)?;
    let payload_bytes = size_of::<HeapStr>().checked_add(len).ok_or_else(too_large)?;
    let lifetime = lifetime.without_references();
    let payload = runtime::allocate(&HEAP_STR_INFO, payload_bytes, lifetime, |payload| {
        // SAFETY: `payload` is fresh memory of `payload_bytes` bytes: the length word, then
        // room for every part. The parts may live in the heap itself (the caller keeps them
        // reachable, and the plan does not move objects) but never overlap a fresh object.
        unsafe {
            ptr::write(payload.cast::<usize>(), len);
            let mut at = payload.add(size_of::<HeapStr>());
            for part in parts {
                ptr::copy_nonoverlapping(part.as_ptr(), at, part.len());
                at = at.add(part.len());
            }
        }
    })?;
    // SAFETY: the payload now holds an initialized `HeapStr`.
    Ok(unsafe { Gc::from_payload(payload.cast::<HeapStr>()) })
}

/// An arbitrary-precision integer in the heap: sign and magnitude, with the magnitude's 64-bit
/// limbs (least significant first) stored inline.
#[repr(C)]
pub struct HeapBigInt {
    /// `limb_count << 1 | is_negative`.
    sign_and_len: u64,
    limbs: [u64; 0],
}

static HEAP_BIGINT_INFO: TypeInfo =
    TypeInfo { trace: trace_nothing, payload_bytes: heap_bigint_bytes, name: || "HeapBigInt" };

/// # Safety
/// `payload` must point at an initialized `HeapBigInt`.
unsafe fn heap_bigint_bytes(payload: *const u8) -> usize {
    // SAFETY: forwarded from the caller.
    let limb_count = unsafe { (*payload.cast::<HeapBigInt>()).limb_count() };
    size_of::<HeapBigInt>() + limb_count * size_of::<u64>()
}

impl HeapBigInt {
    fn limb_count(&self) -> usize {
        (self.sign_and_len >> 1) as usize
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.sign_and_len & 1 == 1
    }

    /// The magnitude as 64-bit limbs, least significant first, without leading zero limbs
    /// (empty for zero).
    pub fn limbs(&self) -> &[u64] {
        // SAFETY: `limb_count` initialized limbs follow the header word (see `allocate_bigint`).
        unsafe { std::slice::from_raw_parts(self.limbs.as_ptr(), self.limb_count()) }
    }

    /// The value as a `num_bigint::BigInt` (allocates on the Rust heap).
    pub fn to_bigint(&self) -> BigInt {
        let digits: Vec<u32> =
            self.limbs().iter().flat_map(|&limb| [limb as u32, (limb >> 32) as u32]).collect();
        let sign = if self.is_negative() { Sign::Minus } else { Sign::Plus };
        BigInt::new(sign, digits)
    }
}

impl fmt::Debug for HeapBigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_bigint(), f)
    }
}

impl fmt::Display for HeapBigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_bigint(), f)
    }
}

/// Allocates a copy of `value`.
pub(crate) fn allocate_bigint(value: &BigInt, lifetime: Lifetime) -> Result<Gc<HeapBigInt>, HeapError> {
    let limb_count = value.iter_u64_digits().len();
    let too_large = HeapError::OutOfMemory { requested_bytes: usize::MAX };
    let payload_bytes = limb_count
        .checked_mul(size_of::<u64>())
        .and_then(|bytes| bytes.checked_add(size_of::<HeapBigInt>()))
        .ok_or(too_large)?;
    let negative = value.sign() == Sign::Minus;
    let lifetime = lifetime.without_references();
    let payload = runtime::allocate(&HEAP_BIGINT_INFO, payload_bytes, lifetime, |payload| {
        // SAFETY: `payload` is fresh memory of `payload_bytes` bytes: one header word and
        // `limb_count` limbs.
        unsafe {
            ptr::write(payload.cast::<u64>(), (limb_count as u64) << 1 | negative as u64);
            let limbs = payload.add(size_of::<HeapBigInt>()).cast::<u64>();
            for (i, limb) in value.iter_u64_digits().enumerate() {
                ptr::write(limbs.add(i), limb);
            }
        }
    })?;
    // SAFETY: the payload now holds an initialized `HeapBigInt`.
    Ok(unsafe { Gc::from_payload(payload.cast::<HeapBigInt>()) })
}

/// A fixed-length array of `E` in the heap, elements stored inline, each readable and writable
/// through a shared reference with `Cell` semantics.
#[repr(C)]
pub struct HeapArray<E> {
    /// Number of elements.
    len: usize,
    elements: [Cell<E>; 0],
}

impl<E> HeapArray<E> {
    /// Byte offset of element 0 from the array's address (what a `Gc` points at); element
    /// `i` is at `ELEMENTS_OFFSET + i * size_of::<E>()`. For compiled code.
    pub const ELEMENTS_OFFSET: i32 = std::mem::offset_of!(HeapArray<E>, elements) as i32;
    /// Byte offset of the length word (a `usize`) from the array's address. For compiled code.
    pub const LEN_OFFSET: i32 = std::mem::offset_of!(HeapArray<E>, len) as i32;
}

impl<E: Copy> HeapArray<E> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements as cells; use `.get(i)` on the slice for checked access.
    pub fn as_cells(&self) -> &[Cell<E>] {
        // SAFETY: `len` initialized elements follow the length word (see `allocate_array`).
        unsafe { std::slice::from_raw_parts(self.elements.as_ptr(), self.len) }
    }

    /// Element `index`.
    ///
    /// # Panics
    /// If `index >= self.len()`.
    pub fn get(&self, index: usize) -> E {
        self.as_cells()[index].get()
    }

    /// Replaces element `index` with `element`.
    ///
    /// # Panics
    /// If `index >= self.len()`.
    pub fn set(&self, index: usize, element: E) {
        self.as_cells()[index].set(element)
    }

    /// Copies the elements out to a `Vec` (on the Rust heap, which is not scanned).
    pub fn to_vec(&self) -> Vec<E> {
        self.as_cells().iter().map(Cell::get).collect()
    }
}

impl<E: Copy + fmt::Debug> fmt::Debug for HeapArray<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_cells().iter().map(Cell::get)).finish()
    }
}

struct ArrayInfo<E>(PhantomData<E>);

impl<E: Copy + Trace> ArrayInfo<E> {
    const INFO: TypeInfo = TypeInfo {
        trace: trace_array::<E>,
        payload_bytes: array_bytes::<E>,
        name: std::any::type_name::<HeapArray<E>>,
    };
}

/// # Safety
/// `payload` must point at an initialized `HeapArray<E>`.
unsafe fn trace_array<E: Copy + Trace>(payload: *const u8, tracer: &mut Tracer<'_>) {
    // SAFETY: forwarded from the caller.
    let array = unsafe { &*payload.cast::<HeapArray<E>>() };
    for cell in array.as_cells() {
        cell.get().trace(tracer);
    }
}

/// # Safety
/// `payload` must point at an initialized `HeapArray<E>`.
unsafe fn array_bytes<E>(payload: *const u8) -> usize {
    // SAFETY: forwarded from the caller.
    let len = unsafe { (*payload.cast::<HeapArray<E>>()).len };
    size_of::<HeapArray<E>>() + len * size_of::<E>()
}

/// The payload size in bytes of an array of `len` elements of `E` (the length word first).
fn array_payload_bytes<E>(len: usize) -> Result<usize, HeapError> {
    len.checked_mul(size_of::<E>())
        .and_then(|bytes| bytes.checked_add(size_of::<HeapArray<E>>()))
        .ok_or(HeapError::OutOfMemory { requested_bytes: usize::MAX })
}

/// An array of `len` elements whose bits are all zero (written only where the memory is not
/// zeroed already, see `runtime::allocate_with`).
///
/// # Safety
/// The all-zero bit pattern must be a valid `E`.
pub(crate) unsafe fn allocate_zeroed_array<E: Copy + Trace + 'static>(
    len: usize,
    lifetime: Lifetime,
) -> Result<Gc<HeapArray<E>>, HeapError> {
    const { assert_heap_type::<E>() };
    let payload_bytes = array_payload_bytes::<E>(len)?;
    let info: &'static TypeInfo = &ArrayInfo::<E>::INFO;
    let payload = runtime::allocate_with(info, payload_bytes, lifetime, |payload, zeroed| {
        // SAFETY: `payload` is fresh memory for the length word and `len` elements (see
        // `allocate_array`); all-zero elements are valid (the caller's contract).
        unsafe {
            ptr::write(payload.cast::<usize>(), len);
            if !zeroed {
                let elements = payload.add(size_of::<HeapArray<E>>());
                ptr::write_bytes(elements, 0, len * size_of::<E>());
            }
        }
    })?;
    // SAFETY: the payload now holds an initialized `HeapArray<E>`.
    Ok(unsafe { Gc::from_payload(payload.cast::<HeapArray<E>>()) })
}

/// Allocates an array of `len` elements, element `i` initialized to `element(i)`.
pub(crate) fn allocate_array<E: Copy + Trace + 'static>(
    len: usize,
    element: impl Fn(usize) -> E,
    lifetime: Lifetime,
) -> Result<Gc<HeapArray<E>>, HeapError> {
    const { assert_heap_type::<E>() };
    let payload_bytes = array_payload_bytes::<E>(len)?;
    let info: &'static TypeInfo = &ArrayInfo::<E>::INFO;
    let payload = runtime::allocate(info, payload_bytes, lifetime, |payload| {
        // SAFETY: `payload` is fresh memory for the length word and `len` elements; elements
        // start 8 bytes in and `E` is at most 8-byte aligned.
        unsafe {
            ptr::write(payload.cast::<usize>(), len);
            let elements = payload.add(size_of::<HeapArray<E>>()).cast::<Cell<E>>();
            for i in 0..len {
                ptr::write(elements.add(i), Cell::new(element(i)));
            }
        }
    })?;
    // SAFETY: the payload now holds an initialized `HeapArray<E>`.
    Ok(unsafe { Gc::from_payload(payload.cast::<HeapArray<E>>()) })
}
