//! Conservative roots: the parked mutator's native stack and spilled registers, and registered
//! root regions. A word is taken as a reference iff it points at or into an allocated object.

use std::io;
use std::sync::{Mutex, MutexGuard, PoisonError};

use mmtk::memory_manager;
use mmtk::util::{Address, ObjectReference};

use super::object::{HEADER_BYTES, OBJECT_ALIGN_BYTES};
use super::runtime;

/// A range of native stack `[low, high)` in bytes; `low` is the recorded stack pointer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StackRange {
    pub(crate) low: usize,
    pub(crate) high: usize,
}

/// The object `word` refers to, if any: `word` must point at or into an allocated object of
/// the heap (the object start, the payload a `Gc` points to, or any byte up to its end).
pub(crate) fn find_object(word: usize) -> Option<ObjectReference> {
    let heap = runtime::existing_heap()?;
    let (start, end) = heap.address_range;
    if word < start + HEADER_BYTES || word >= end {
        return None;
    }
    let aligned = word & !(OBJECT_ALIGN_BYTES - 1);
    // Fast path: a `Gc` points exactly one header past the object start, and every object is
    // at least two words long.
    // SAFETY: `aligned - HEADER_BYTES >= start > 0`, and it is word-aligned.
    let candidate = unsafe { Address::from_usize(aligned - HEADER_BYTES) };
    if let Some(object) = memory_manager::is_mmtk_object(candidate) {
        return Some(object);
    }
    // SAFETY: `aligned` lies in the heap's address range, so it is non-zero.
    let aligned = unsafe { Address::from_usize(aligned) };
    memory_manager::find_object_from_internal_pointer(aligned, heap.max_interior_offset_bytes)
}

/// Appends to `out` every object referred to by a word in `[low, high)`.
///
/// # Safety
/// `[low, high)` must be readable memory that nobody writes during the call.
pub(crate) unsafe fn scan_words(low: usize, high: usize, out: &mut Vec<ObjectReference>) {
    let mut address = (low + OBJECT_ALIGN_BYTES - 1) & !(OBJECT_ALIGN_BYTES - 1);
    while address + OBJECT_ALIGN_BYTES <= high {
        // A volatile load: the words are arbitrary bits (possibly never written by Rust code),
        // and must be read as they are in memory.
        // SAFETY: in bounds of the readable range the caller vouches for, and aligned.
        let word = unsafe { std::ptr::read_volatile(address as *const usize) };
        if let Some(object) = find_object(word) {
            out.push(object);
        }
        address += OBJECT_ALIGN_BYTES;
    }
}

// ---------------------------------------------------------------------------------------------
// Native stack and registers.

/// The current thread's stack, `[low, high)`: it grows down from `high` (the base) and may
/// extend down to `low`.
pub(crate) fn current_stack_bounds() -> io::Result<StackRange> {
    let bounds = stack_bounds_from_os()?;
    let here = &bounds as *const StackRange as usize;
    if !(bounds.low <= here && here < bounds.high) {
        return Err(io::Error::other(format!(
            "the stack [{:#x}, {:#x}) reported by the OS does not contain the current frame {here:#x}",
            bounds.low, bounds.high
        )));
    }
    Ok(bounds)
}

#[cfg(target_os = "linux")]
fn stack_bounds_from_os() -> io::Result<StackRange> {
    // SAFETY: `attr` is initialized by `pthread_getattr_np` before it is read and destroyed
    // exactly once; the out-pointers are valid locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        let rc = libc::pthread_getattr_np(libc::pthread_self(), &mut attr);
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        let mut low: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut low, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        if rc != 0 {
            return Err(io::Error::from_raw_os_error(rc));
        }
        Ok(StackRange { low: low as usize, high: low as usize + size })
    }
}

#[cfg(target_os = "macos")]
fn stack_bounds_from_os() -> io::Result<StackRange> {
    // SAFETY: `pthread_self` is always a valid thread handle for the calling thread.
    let (high, size) = unsafe {
        let thread = libc::pthread_self();
        (libc::pthread_get_stackaddr_np(thread) as usize, libc::pthread_get_stacksize_np(thread))
    };
    Ok(StackRange { low: high - size, high })
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
compile_error!("bonsai::heap finds thread stack bounds on Linux and macOS only");

#[cfg(target_arch = "x86_64")]
const SPILLED_REGISTERS: usize = 6;
#[cfg(target_arch = "aarch64")]
const SPILLED_REGISTERS: usize = 12;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("bonsai::heap spills callee-saved registers on x86_64 and aarch64 only");

/// Stores the callee-saved registers into a buffer in this frame, then calls `f` with a stack
/// pointer below that buffer: every value the callers keep in registers or on the stack is
/// then in `[stack pointer, stack base)`, and stays there while `f` runs.
///
/// Caller-saved registers need no spilling: callers that keep a value in one across a call
/// have saved it in their own frame already.
#[inline(never)]
pub(crate) fn with_registers_spilled(f: &mut dyn FnMut(usize)) {
    let mut registers = [0usize; SPILLED_REGISTERS];
    let buffer = registers.as_mut_ptr();
    let stack_pointer: usize;
    // SAFETY: the assembly only stores registers into `registers`, which has room for
    // `SPILLED_REGISTERS` words, and reads the stack pointer. If the compiler picked a
    // callee-saved register for `buffer`, its previous value was saved by this function's
    // prologue, inside the scanned range.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::asm!(
            "mov [{buffer}], rbx",
            "mov [{buffer} + 8], rbp",
            "mov [{buffer} + 16], r12",
            "mov [{buffer} + 24], r13",
            "mov [{buffer} + 32], r14",
            "mov [{buffer} + 40], r15",
            "mov {sp}, rsp",
            buffer = in(reg) buffer,
            sp = lateout(reg) stack_pointer,
            options(nostack, preserves_flags),
        );
    }
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        std::arch::asm!(
            "stp x19, x20, [{buffer}]",
            "stp x21, x22, [{buffer}, #16]",
            "stp x23, x24, [{buffer}, #32]",
            "stp x25, x26, [{buffer}, #48]",
            "stp x27, x28, [{buffer}, #64]",
            "stp x29, x30, [{buffer}, #80]",
            "mov {sp}, sp",
            buffer = in(reg) buffer,
            sp = lateout(reg) stack_pointer,
            options(nostack, preserves_flags),
        );
    }
    f(stack_pointer.min(buffer as usize));
    // Keeps the spilled registers alive (and written) until `f` has returned.
    std::hint::black_box(&mut registers);
}

// ---------------------------------------------------------------------------------------------
// Root regions.

/// Registered regions: `(start address, length in words)` per slot; free slots are `None`.
struct Regions {
    slots: Vec<Option<(usize, usize)>>,
    free: Vec<usize>,
}

static REGIONS: Mutex<Regions> = Mutex::new(Regions { slots: Vec::new(), free: Vec::new() });

fn regions() -> MutexGuard<'static, Regions> {
    REGIONS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A registered conservative root range of words in memory the collector does not otherwise
/// scan (for example an interpreter frame's `Vec<Value>` on the Rust heap). Every word in the
/// range that points at or into a heap object keeps that object alive until the region is
/// dropped.
///
/// Registration is process-wide: the region stays a root while its owner does not hold the
/// [`MutatorGuard`](super::MutatorGuard), which is how values survive across guard hand-overs.
#[must_use = "the range is a root only until the RootRegion is dropped"]
#[derive(Debug)]
pub struct RootRegion {
    slot: usize,
}

impl RootRegion {
    /// Registers the `len_words` 64-bit words starting at `ptr` as a conservative root range.
    ///
    /// The memory is read at every collection (by a GC worker thread, while the mutator is
    /// stopped) until the returned guard is dropped. Growing a `Vec` moves its buffer: register
    /// the new buffer (and drop the old region) after any reallocation. An empty range is
    /// allowed and scans nothing.
    ///
    /// # Safety
    /// Until the `RootRegion` is dropped, `[ptr, ptr + len_words)` must stay allocated and
    /// readable, and may be written only by the thread holding the mutator guard (never by a
    /// thread without it, since a collection may be reading it). `ptr` must be 8-byte aligned.
    pub unsafe fn register(ptr: *const u64, len_words: usize) -> RootRegion {
        debug_assert!((ptr as usize).is_multiple_of(8), "RootRegion::register of a misaligned pointer");
        let mut regions = regions();
        let entry = Some((ptr as usize, len_words));
        let slot = match regions.free.pop() {
            Some(slot) => {
                regions.slots[slot] = entry;
                slot
            }
            None => {
                regions.slots.push(entry);
                regions.slots.len() - 1
            }
        };
        RootRegion { slot }
    }
}

impl Drop for RootRegion {
    /// Unregisters the range. Waits for a collection that is scanning it to finish with it.
    fn drop(&mut self) {
        let mut regions = regions();
        regions.slots[self.slot] = None;
        regions.free.push(self.slot);
    }
}

/// Appends the objects referred to from every registered region to `out`. Holds the registry
/// lock meanwhile, so no region is unregistered (and freed) while being read.
pub(crate) fn scan_root_regions(out: &mut Vec<ObjectReference>) {
    let regions = regions();
    for &(start, len_words) in regions.slots.iter().flatten() {
        // SAFETY: `RootRegion::register`'s contract: the range stays readable and unwritten by
        // others while registered, and the mutator is stopped during a collection.
        unsafe { scan_words(start, start + len_words * 8, out) };
    }
}

/// A fixed-length buffer on the Rust heap that is a conservative root range for as long as
/// it lives: a safe wrapper of [`RootRegion`] for values that must survive collections while
/// stored outside the native stack (e.g. a large interpreter frame).
///
/// `!Send`: only the thread that created it reads or writes it, and it does so while holding
/// the [`MutatorGuard`](super::MutatorGuard) (it is created and used by guest execution), so
/// no collection reads it while it is written.
pub struct RootedBuffer<T: Copy> {
    // Declared before `data`: the region is unregistered before the buffer is freed.
    _region: RootRegion,
    data: Box<[T]>,
    _not_send: std::marker::PhantomData<*const ()>,
}

impl<T: Copy> RootedBuffer<T> {
    /// A buffer of `len` copies of `fill`, registered as a root range.
    ///
    /// # Panics
    /// If `T` is not a whole number of 8-byte words with 8-byte alignment (a programming
    /// error: root ranges are scanned word by word).
    pub fn new(len: usize, fill: T) -> RootedBuffer<T> {
        assert!(
            std::mem::size_of::<T>().is_multiple_of(8) && std::mem::align_of::<T>() == 8,
            "RootedBuffer elements must be 8-byte words"
        );
        let data: Box<[T]> = vec![fill; len].into_boxed_slice();
        let words = len * std::mem::size_of::<T>() / 8;
        // SAFETY: the boxed slice is 8-byte aligned, stays allocated and unmoved until after the
        // region is dropped (field order), and the type is `!Send`, so only its creating thread
        // writes it, while it holds the mutator guard.
        let region = unsafe { RootRegion::register(data.as_ptr() as *const u64, words) };
        RootedBuffer { _region: region, data, _not_send: std::marker::PhantomData }
    }
}

impl<T: Copy> std::ops::Deref for RootedBuffer<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.data
    }
}

impl<T: Copy> std::ops::DerefMut for RootedBuffer<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.data
    }
}

/// Inline capacity of a [`RootedSlice`] (elements kept on the native stack).
pub const ROOTED_SLICE_INLINE: usize = 16;

/// A fixed-length slice whose elements stay visible to the collector: up to
/// [`ROOTED_SLICE_INLINE`] elements live inline (on the native stack when the slice is a
/// local), longer slices in a [`RootedBuffer`]. For interpreter frames and argument lists,
/// whose length is known when they are created. Element types that are not whole aligned
/// words cannot hold a [`Gc`](super::Gc) and spill to a plain boxed slice.
pub enum RootedSlice<T: Copy> {
    /// Up to [`ROOTED_SLICE_INLINE`] elements, inline.
    Inline(smallvec::SmallVec<[T; ROOTED_SLICE_INLINE]>),
    /// More elements, in a registered root range.
    Rooted(RootedBuffer<T>),
    /// Elements that cannot hold a [`Gc`](super::Gc) (not whole aligned words).
    Unrooted(Box<[T]>),
}

impl<T: Copy> RootedSlice<T> {
    /// `len` copies of `fill`.
    #[inline]
    pub fn from_elem(fill: T, len: usize) -> RootedSlice<T> {
        let words = std::mem::size_of::<T>().is_multiple_of(8) && std::mem::align_of::<T>() == 8;
        if len <= ROOTED_SLICE_INLINE {
            RootedSlice::Inline(smallvec::SmallVec::from_elem(fill, len))
        } else if words {
            RootedSlice::Rooted(RootedBuffer::new(len, fill))
        } else {
            RootedSlice::Unrooted(vec![fill; len].into_boxed_slice())
        }
    }
}

/// Elements of the smallest storage class of [`with_rooted_slice`].
const SMALL_ROOTED_SLICE: usize = 4;

/// Runs `f` on `len` copies of `fill` held where the collector sees them, like a
/// [`RootedSlice`] but created in place: up to 4 elements in a native-stack array, up to
/// [`ROOTED_SLICE_INLINE`] in a larger one, more in a [`RootedSlice`] (for argument lists
/// built on every call).
#[inline(always)]
pub fn with_rooted_slice<T: Copy, R>(fill: T, len: usize, f: impl FnOnce(&mut [T]) -> R) -> R {
    // Deferred initialization: only the storage of the slice's size class is written.
    let mut small: [T; SMALL_ROOTED_SLICE];
    let mut inline: [T; ROOTED_SLICE_INLINE];
    let mut spilled: RootedSlice<T>;
    let slice: &mut [T] = if len <= SMALL_ROOTED_SLICE {
        small = [fill; SMALL_ROOTED_SLICE];
        &mut small[..len]
    } else if len <= ROOTED_SLICE_INLINE {
        inline = [fill; ROOTED_SLICE_INLINE];
        &mut inline[..len]
    } else {
        spilled = RootedSlice::from_elem(fill, len);
        &mut spilled
    };
    f(slice)
}

impl<T: Copy> std::ops::Deref for RootedSlice<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match self {
            RootedSlice::Inline(v) => v,
            RootedSlice::Rooted(b) => b,
            RootedSlice::Unrooted(b) => b,
        }
    }
}

impl<T: Copy> std::ops::DerefMut for RootedSlice<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            RootedSlice::Inline(v) => v,
            RootedSlice::Rooted(b) => b,
            RootedSlice::Unrooted(b) => b,
        }
    }
}
