//! `Gc<T>` handles, the `Trace` trait and the `Tracer` that precise object scanning reports to.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use mmtk::util::{Address, ObjectReference};

use super::object::HEADER_BYTES;
use super::roots;

/// A reference to an object in the garbage-collected heap: one machine word, `Copy`.
///
/// The word is the address of the object's payload (the `T`), so `*gc` is a plain load; the
/// collector's one-word header sits just before it. Objects never move, so the address is stable
/// for the object's lifetime and [`Gc::to_bits`] can be used as an identity.
///
/// Objects are immutable through a `Gc` (it derefs to `&T`) unless `T` uses `Cell` fields.
///
/// # Liveness
///
/// A `Gc` keeps its object alive only while the collector can see it (see the
/// [module documentation](super) for what is scanned): on the native stack or in registers of the
/// thread holding the [`MutatorGuard`](super::MutatorGuard), inside a registered
/// [`RootRegion`](super::RootRegion), or in a field of another live heap object that its
/// [`Trace`] implementation visits. A `Gc` stored anywhere else (a `Box`, a `Vec` that is not a
/// root region, a thread that does not hold the guard) may dangle after the next collection.
/// `Gc` is neither `Send` nor `Sync`.
#[repr(transparent)]
pub struct Gc<T: ?Sized> {
    ptr: NonNull<T>,
    /// `Gc` is `!Send` and `!Sync`: heap objects belong to the thread holding the mutator guard.
    _marker: PhantomData<*const T>,
}

impl<T: ?Sized> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Gc<T> {}

impl<T> Gc<T> {
    /// Wraps a payload pointer produced by the allocator.
    ///
    /// # Safety
    /// `ptr` must be the payload address of a heap object holding an initialized `T`.
    pub(crate) unsafe fn from_payload(ptr: NonNull<T>) -> Self {
        Gc { ptr, _marker: PhantomData }
    }

    /// The address of the object's payload, i.e. of the `T`.
    pub fn as_ptr(self) -> *const T {
        self.ptr.as_ptr()
    }

    /// Object identity: whether `a` and `b` refer to the same heap object.
    pub fn ptr_eq(a: Self, b: Self) -> bool {
        a.ptr == b.ptr
    }

    /// The reference as a 64-bit word (the payload address). Never zero, always 8-byte aligned.
    pub fn to_bits(self) -> u64 {
        self.ptr.as_ptr() as usize as u64
    }

    /// Rebuilds a `Gc` from a word produced by [`Gc::to_bits`].
    ///
    /// # Safety
    /// `bits` must have come from `Gc::<T>::to_bits` of an object that is still alive (it was
    /// kept visible to the collector since, or it is immortal), with the same `T`.
    pub unsafe fn from_bits(bits: u64) -> Self {
        debug_assert!(bits != 0 && bits.is_multiple_of(8), "Gc::from_bits of a non-reference {bits:#x}");
        // SAFETY: the caller promises `bits` came from `to_bits` of a live `Gc<T>`, which is
        // a non-null payload address.
        let ptr = unsafe { NonNull::new_unchecked(bits as usize as *mut T) };
        Gc { ptr, _marker: PhantomData }
    }
}

impl<T: ?Sized> Gc<T> {
    /// The MMTk object reference: the object's start, one header word before the payload.
    pub(crate) fn object_reference(self) -> ObjectReference {
        let payload = self.ptr.as_ptr() as *const u8 as usize;
        // SAFETY: every `Gc` points `HEADER_BYTES` past the start of an object allocated by
        // MMTk, so the start is a non-zero, word-aligned address.
        unsafe { ObjectReference::from_raw_address_unchecked(Address::from_usize(payload - HEADER_BYTES)) }
    }
}

impl<T: ?Sized> Deref for Gc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: a `Gc` is only created for an initialized object, and the object stays alive
        // (and never moves) while this `Gc` is visible to the collector; see "Liveness" above.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: ?Sized> fmt::Debug for Gc<T> {
    /// Prints the address only: object graphs may be cyclic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gc({:#x})", self.ptr.as_ptr() as *const u8 as usize)
    }
}

/// Precise scanning of a heap object's references.
///
/// `trace` calls [`Tracer::visit`] on every `Gc` the value holds (and [`Tracer::visit_word`] on
/// words that may or may not be references). It runs on a collector thread while the mutator is
/// stopped.
///
/// # Safety
///
/// Implementors promise that `trace` visits every `Gc` reachable from `self` without passing
/// through another `Gc`; a missed reference may be freed while still in use. `trace` must not
/// allocate, must not panic, and must not touch anything other than `self` and the tracer. Heap
/// objects also may not own Rust-heap memory (the collector never runs `Drop`); [`alloc`](super::alloc)
/// checks that at compile time.
pub unsafe trait Trace {
    /// Reports the references held by `self` to `tracer`.
    fn trace(&self, tracer: &mut Tracer<'_>);
}

/// Receives the references of an object being scanned. Handed to [`Trace::trace`].
pub struct Tracer<'a> {
    sink: &'a mut dyn FnMut(ObjectReference),
}

impl<'a> Tracer<'a> {
    pub(crate) fn new(sink: &'a mut dyn FnMut(ObjectReference)) -> Self {
        Tracer { sink }
    }

    /// Marks the object `gc` refers to as reachable.
    pub fn visit<T: ?Sized>(&mut self, gc: Gc<T>) {
        (self.sink)(gc.object_reference());
    }

    /// Conservatively treats `word` as a possible reference: if it points at or into an object of
    /// the heap (the way a `Gc` does), that object is marked reachable; otherwise the word is
    /// ignored. Use it for fields whose kind is not known precisely.
    pub fn visit_word(&mut self, word: u64) {
        if let Some(object) = roots::find_object(word as usize) {
            (self.sink)(object);
        }
    }
}

macro_rules! trace_nothing {
    ($($t:ty),* $(,)?) => {
        $(
            // SAFETY: the type holds no `Gc`.
            unsafe impl Trace for $t {
                #[inline]
                fn trace(&self, _tracer: &mut Tracer<'_>) {}
            }
        )*
    };
}

trace_nothing!(
    (),
    bool,
    char,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    &'static str,
);

// SAFETY: a `PhantomData` holds nothing.
unsafe impl<T: ?Sized> Trace for PhantomData<T> {
    fn trace(&self, _tracer: &mut Tracer<'_>) {}
}

// SAFETY: the one reference is visited.
unsafe impl<T: ?Sized> Trace for Gc<T> {
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.visit(*self);
    }
}

// SAFETY: the contained value, if any, is traced.
unsafe impl<T: Trace> Trace for Option<T> {
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        if let Some(value) = self {
            value.trace(tracer);
        }
    }
}

// SAFETY: the current value is traced. The mutator is stopped while objects are scanned, so the
// value cannot change under the tracer.
unsafe impl<T: Copy + Trace> Trace for Cell<T> {
    #[inline]
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.get().trace(tracer);
    }
}

// SAFETY: every element is traced.
unsafe impl<T: Trace, const N: usize> Trace for [T; N] {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        for element in self {
            element.trace(tracer);
        }
    }
}

macro_rules! trace_tuple {
    ($($name:ident),+) => {
        // SAFETY: every component is traced.
        unsafe impl<$($name: Trace),+> Trace for ($($name,)+) {
            #[allow(non_snake_case)]
            fn trace(&self, tracer: &mut Tracer<'_>) {
                let ($($name,)+) = self;
                $($name.trace(tracer);)+
            }
        }
    };
}

trace_tuple!(A);
trace_tuple!(A, B);
trace_tuple!(A, B, C);
trace_tuple!(A, B, C, D);
trace_tuple!(A, B, C, D, E);
trace_tuple!(A, B, C, D, E, F);
