//! Placeholder heap with the API of the MMTk-backed heap being written on the `heap` branch.
//! Replaced wholesale by that module when it is merged.
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

/// A reference to a heap object: one machine word.
#[repr(transparent)]
pub struct Gc<T: ?Sized> {
    ptr: NonNull<u8>,
    _marker: PhantomData<*const T>,
}
impl<T: ?Sized> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: ?Sized> Copy for Gc<T> {}
impl<T> Gc<T> {
    pub fn as_ptr(self) -> *const T {
        self.ptr.as_ptr() as *const T
    }
    pub fn ptr_eq(a: Self, b: Self) -> bool {
        a.ptr == b.ptr
    }
    pub fn to_bits(self) -> u64 {
        self.ptr.as_ptr() as u64
    }
}
impl<T> Deref for Gc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: placeholder objects are leaked boxes, valid forever.
        unsafe { &*(self.ptr.as_ptr() as *const T) }
    }
}
pub struct HeapStr(Box<str>);
impl Deref for HeapStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}
pub struct HeapBigInt(num_bigint::BigInt);
impl HeapBigInt {
    pub fn to_bigint(&self) -> num_bigint::BigInt {
        self.0.clone()
    }
}
fn leak<T>(v: T) -> Gc<T> {
    let p = Box::leak(Box::new(v)) as *mut T as *mut u8;
    Gc { ptr: NonNull::new(p).expect("box is non-null"), _marker: PhantomData }
}
pub fn alloc_str(s: &str) -> Gc<HeapStr> {
    leak(HeapStr(s.into()))
}
pub fn alloc_str_immortal(s: &str) -> Gc<HeapStr> {
    alloc_str(s)
}
pub fn alloc_bigint(v: &num_bigint::BigInt) -> Gc<HeapBigInt> {
    leak(HeapBigInt(v.clone()))
}
pub fn alloc_bigint_immortal(v: &num_bigint::BigInt) -> Gc<HeapBigInt> {
    alloc_bigint(v)
}
pub struct MutatorGuard;
impl MutatorGuard {
    pub fn acquire() -> MutatorGuard {
        MutatorGuard
    }
}
