//! The garbage-collected heap that holds the guest values of every language.
//!
//! Guest objects, strings, big integers and arrays live here; a [`Gc<T>`] is one machine word
//! pointing at the object's payload. The heap is built on [MMTk](mmtk) and is **non-moving**,
//! **mark-region (Immix)**, and finds its roots **conservatively**, so that JIT-compiled code needs no
//! stack maps and no GC support at all (ARCHITECTURE.md, invariant 6).
//!
//! # Why MMTk, and which plan
//!
//! MMTk is a maintained, well-tested memory-management toolkit with a Rust API; it provides the
//! allocators, the parallel tracing, the valid-object (VO) bits that conservative scanning needs,
//! and the heap-size policy. Bonsai uses its **Immix** plan built with `immix_non_moving`
//! (mark-region collection without defragmentation: objects never move), with the large-object
//! space for objects over the plan's small-object limit and the immortal space for constants.
//! The heap must never move an object: a `Gc` is a bare address copied freely into registers,
//! native stack slots, compiled code constants and Rust locals, none of which the collector
//! could update. Immix allocates by bumping a pointer through free lines, which guest
//! allocation rates need: against MarkSweep (segregated free lists kept in side metadata, the
//! plan used before) the SL object benchmark ran about 30% faster. Allocation calls the Immix
//! allocator's fast path directly and sets the VO bit with one atomic `or` (the `vo_bit_access`
//! feature); everything else goes through MMTk's API. Cycles are reclaimed like everything
//! else: liveness is reachability from roots, not reference counts.
//!
//! # Object layout
//!
//! One header word (a pointer to per-type scanning and sizing metadata) followed by the payload;
//! see the `object` module. Payload types implement [`Trace`] to report their references
//! precisely. Heap objects may not own Rust-heap memory, since the collector frees them without
//! running `Drop`: [`alloc`] rejects types that need dropping at compile time, and strings, big
//! integers and arrays store their bytes, limbs and elements inline (variable-size objects).
//! Payloads are at most 8-byte aligned.
//!
//! # Roots: what is scanned and what is not
//!
//! A collection keeps every object reachable, through [`Trace`] impls, from:
//!
//! - **the native stack and callee-saved registers of the thread holding the [`MutatorGuard`]**,
//!   scanned conservatively from the stack pointer recorded when it stopped for the collection
//!   up to the thread's stack base (found with `pthread_getattr_np`). Before recording the stack
//!   pointer the thread spills its callee-saved registers (inline assembly, x86_64 and aarch64)
//!   into its own frame; caller-saved registers are already in the callers' frames. This covers
//!   Rust locals, compiled code's registers and spill slots, and interpreter state alike;
//! - **registered [`RootRegion`]s**: word ranges elsewhere (e.g. a frame's `Vec<Value>` on the
//!   Rust heap), also scanned conservatively, whichever thread registered them;
//! - **immortal objects** ([`alloc_immortal`] and friends): never reclaimed, and their fields are
//!   scanned at every collection, so an immortal object may point to mortal ones.
//!
//! Conservative means: any word that points at or into an allocated object (its header, the
//! address a `Gc` holds, or any byte before its end) keeps the object alive. The test uses
//! MMTk's VO bits, so a word that merely looks like an address never makes the collector read
//! garbage; at worst it retains a dead object (false retention).
//!
//! **Not scanned**: the Rust heap (`Box`, `Vec`, `HashMap`, arena memory) unless registered as a
//! `RootRegion`, thread-locals and statics, and the stacks of threads that do not hold the
//! guard. A `Gc` kept only there may dangle after the next collection. Constants held by AST
//! nodes should therefore be immortal.
//!
//! # Threading model
//!
//! One **active mutator at a time** per process. A thread that runs guest code (or allocates,
//! or calls [`collect`]) first takes the [`MutatorGuard`]; [`MutatorGuard::acquire`] blocks while
//! another thread holds it, so guest execution is serialized across threads (as `cargo test`'s
//! parallel test threads need). The guard is re-entrant, is released when its last token drops
//! (also while a panic unwinds, or at thread exit), and is `!Send`.
//!
//! The process has **one MMTk mutator**, handed from guard holder to guard holder rather than
//! bound per thread: allocation buffers carry over, and MMTk sees a single mutator whose
//! "thread" is whoever holds the guard. Collections happen only in the allocation slow path of
//! that thread (or in `collect`): MMTk calls `block_for_gc`, the thread spills its registers,
//! publishes its stack range and waits; GC worker threads scan that range, the root regions and
//! the immortal roots, trace, sweep, and resume it. No safepoint polls are needed. A thread that
//! gives up the guard must not keep `Gc` values it will use again except in a `RootRegion` (or
//! reachable from one, or immortal): while it does not hold the guard its stack is not scanned.
//!
//! # Sizing
//!
//! The heap has a fixed maximum ([`HeapOptions::max_heap_bytes`], default 512 MiB, overridable
//! with the environment variable `BONSAI_HEAP_BYTES`, e.g. `64M`) and collects when it is full.
//! An allocation that still does not fit after a collection fails: the `try_*` functions return
//! [`HeapError::OutOfMemory`]; the others unwind with a [`HeapExhausted`] payload, which every
//! guest call catches ([`catch_exhaustion`]) and turns into the guest error
//! [`HeapExhausted::to_guest_error`], so a program that runs out of memory ends with an error
//! like any other, its earlier output kept.
//!
//! # Example
//!
//! ```
//! use std::cell::Cell;
//! use bonsai::heap::{self, Gc, MutatorGuard, Trace, Tracer};
//!
//! struct Node { value: i64, next: Cell<Option<Gc<Node>>> }
//! // SAFETY: `next` is the only reference.
//! unsafe impl Trace for Node {
//!     fn trace(&self, tracer: &mut Tracer<'_>) { self.next.trace(tracer) }
//! }
//!
//! let _guard = MutatorGuard::acquire();
//! let a = heap::alloc(Node { value: 1, next: Cell::new(None) });
//! let b = heap::alloc(Node { value: 2, next: Cell::new(Some(a)) });
//! a.next.set(Some(b)); // a cycle; reclaimed once unreachable
//! let name = heap::alloc_str("node");
//! heap::collect();
//! assert_eq!(b.next.get().map(|n| n.value), Some(1));
//! assert_eq!(&**name, "node");
//! ```

#![deny(unsafe_op_in_unsafe_fn)]

mod binding;
mod gc;
mod object;
mod roots;
mod runtime;
mod sizing;

use std::fmt;

use num_bigint::BigInt;

pub use gc::{Gc, Trace, Tracer};
pub use object::{HeapArray, HeapBigInt, HeapStr};
pub(crate) use roots::current_stack_bounds;
pub use roots::{with_rooted_slice, RootRegion, RootedBuffer, RootedSlice, ROOTED_SLICE_INLINE};
pub use runtime::MutatorGuard;

use runtime::Lifetime;

/// Smallest accepted [`HeapOptions::max_heap_bytes`]: 8 MiB.
pub const MIN_HEAP_BYTES: usize = 8 << 20;

/// Default [`HeapOptions::max_heap_bytes`]: 512 MiB.
pub const DEFAULT_HEAP_BYTES: usize = 512 << 20;

/// Default [`HeapOptions::min_heap_bytes`]: 32 MiB.
pub const DEFAULT_MIN_HEAP_BYTES: usize = 32 << 20;

/// Heap configuration, fixed when the heap is created. See [`configure`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeapOptions {
    /// Maximum heap size in bytes (all spaces together); the heap collects when it is full.
    /// At least [`MIN_HEAP_BYTES`]. Environment: `BONSAI_HEAP_BYTES`.
    pub max_heap_bytes: usize,
    /// Initial heap size in bytes: the heap collects when this much is allocated and grows
    /// toward `max_heap_bytes` as live data grows (MMTk's dynamic heap size, MemBalancer).
    /// Capped at `max_heap_bytes`. Environment: `BONSAI_MIN_HEAP_BYTES`.
    pub min_heap_bytes: usize,
    /// Number of GC worker threads; 0 means one per CPU core. Environment: `BONSAI_GC_THREADS`.
    pub gc_threads: usize,
}

impl Default for HeapOptions {
    /// [`DEFAULT_HEAP_BYTES`] and one GC thread per core; the environment is not consulted.
    fn default() -> Self {
        HeapOptions {
            max_heap_bytes: DEFAULT_HEAP_BYTES,
            min_heap_bytes: DEFAULT_MIN_HEAP_BYTES,
            gc_threads: 0,
        }
    }
}

impl HeapOptions {
    /// The defaults, overridden by the environment variables `BONSAI_HEAP_BYTES` (bytes, with an
    /// optional binary suffix `K`, `M` or `G`, e.g. `64M`) and `BONSAI_GC_THREADS`.
    ///
    /// # Errors
    /// [`HeapError::InvalidEnvironment`] if a variable is set but does not parse;
    /// [`HeapError::HeapTooSmall`] if the heap size is below [`MIN_HEAP_BYTES`].
    pub fn from_env() -> Result<HeapOptions, HeapError> {
        let mut options = HeapOptions::default();
        if let Some(value) = env_var("BONSAI_HEAP_BYTES") {
            options.max_heap_bytes = parse_bytes(&value)
                .ok_or(HeapError::InvalidEnvironment { variable: "BONSAI_HEAP_BYTES", value })?;
        }
        if let Some(value) = env_var("BONSAI_MIN_HEAP_BYTES") {
            options.min_heap_bytes = parse_bytes(&value)
                .ok_or(HeapError::InvalidEnvironment { variable: "BONSAI_MIN_HEAP_BYTES", value })?;
        }
        if let Some(value) = env_var("BONSAI_GC_THREADS") {
            options.gc_threads = value
                .trim()
                .parse()
                .map_err(|_| HeapError::InvalidEnvironment { variable: "BONSAI_GC_THREADS", value })?;
        }
        options.validate()?;
        Ok(options)
    }

    fn validate(&self) -> Result<(), HeapError> {
        if self.max_heap_bytes < MIN_HEAP_BYTES {
            return Err(HeapError::HeapTooSmall {
                requested_bytes: self.max_heap_bytes,
                min_bytes: MIN_HEAP_BYTES,
            });
        }
        Ok(())
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
}

/// Parses `123`, `64K`, `64M`, `2G` (binary multiples, case-insensitive) into bytes.
fn parse_bytes(text: &str) -> Option<usize> {
    let text = text.trim();
    let (digits, shift) = match text.chars().last()?.to_ascii_uppercase() {
        'K' => (&text[..text.len() - 1], 10),
        'M' => (&text[..text.len() - 1], 20),
        'G' => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    let value: usize = digits.trim().parse().ok()?;
    value.checked_mul(1usize << shift)
}

/// Why a heap operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeapError {
    /// [`configure`] was called after the heap had been created (by the first
    /// [`MutatorGuard::acquire`], allocation or [`stats`]). A bug in the embedder.
    AlreadyInitialized,
    /// The configured maximum heap size is below [`MIN_HEAP_BYTES`]. A configuration error.
    HeapTooSmall {
        /// The rejected size, in bytes.
        requested_bytes: usize,
        /// The smallest accepted size, in bytes.
        min_bytes: usize,
    },
    /// An environment variable read by [`HeapOptions::from_env`] does not parse. A user error.
    InvalidEnvironment {
        /// The variable's name.
        variable: &'static str,
        /// Its value.
        value: String,
    },
    /// The object does not fit in the heap even after a full collection (or its size
    /// overflows). A resource limit reached by the guest program.
    OutOfMemory {
        /// Size of the failed allocation in bytes, header included (`usize::MAX` on overflow).
        requested_bytes: usize,
    },
}

impl fmt::Display for HeapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapError::AlreadyInitialized => {
                write!(f, "the heap is already in use and can no longer be configured")
            }
            HeapError::HeapTooSmall { requested_bytes, min_bytes } => write!(
                f,
                "a maximum heap of {requested_bytes} bytes (BONSAI_HEAP_BYTES) is too small (minimum {min_bytes} bytes)"
            ),
            HeapError::InvalidEnvironment { variable, value } => {
                let expected = if *variable == "BONSAI_GC_THREADS" {
                    "a whole number of threads (0: one per core)"
                } else {
                    "a number of bytes, optionally with a K, M or G suffix (binary: 64M is 64 MiB)"
                };
                write!(f, "environment variable {variable}={value:?} is not valid: expected {expected}")
            }
            HeapError::OutOfMemory { requested_bytes: usize::MAX } => {
                write!(f, "out of heap memory: object size overflows")
            }
            HeapError::OutOfMemory { requested_bytes } => {
                write!(f, "out of heap memory: cannot allocate {requested_bytes} bytes")
            }
        }
    }
}

impl std::error::Error for HeapError {}

/// A snapshot of heap counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeapStats {
    /// Collections completed since the heap was created.
    pub collections: u64,
    /// Bytes of heap memory in use (pages or blocks holding objects, including free cells in
    /// partially used blocks; MMTk accounts in pages).
    pub used_bytes: usize,
    /// Maximum heap size in bytes.
    pub heap_size_bytes: usize,
}

/// Sets the heap's options. Must run before the heap is first used (the first allocation,
/// [`collect`], [`stats`] or [`initialize_in_background`]); without it the heap is created from
/// [`HeapOptions::from_env`], falling back to the defaults if the environment is invalid.
///
/// # Errors
/// [`HeapError::AlreadyInitialized`] if the heap exists already; [`HeapError::HeapTooSmall`] if
/// `options.max_heap_bytes < MIN_HEAP_BYTES`.
pub fn configure(options: HeapOptions) -> Result<(), HeapError> {
    runtime::configure(options)
}

/// Creates the heap on a thread of its own, now, so that the process's first allocation does
/// not wait for it (or waits less): MMTk's initialization takes a few milliseconds — most of it
/// reserving and recording the side-metadata address range, chunk by chunk — which a launcher
/// overlaps with reading, parsing and running the program until it first allocates. Call it
/// after [`configure`]; the heap is created once either way, and whoever needs it first waits
/// for it.
///
/// The `sl` and `som` launchers do not: measured as whole processes (`perf stat -r 30`,
/// 2026-11-30), it made no difference to a one-line `hello.sl` (7.1–7.7 ms) or SOM's
/// `Hello.som` (12.5–13.1 ms), which allocate at once, and made recursive `fib(30)`, which
/// never allocates, 1.5 ms slower (15.0–15.6 ms against 13.4–13.7 ms): MMTk's reservations
/// contend with the first compilation for the kernel's memory-map lock (that compilation
/// took 1.5–9 ms instead of 1.2), and the heap is not needed at all.
pub fn initialize_in_background() {
    runtime::initialize_in_background()
}

/// What compiled code needs to allocate a small collected object without calling into Rust:
/// the bump pointer of the heap's one mutator (MMTk's Immix allocator) and the table of
/// valid-object bits. The emitted fast path is exactly the one [`alloc`] takes:
///
/// ```text
/// start = *cursor_address; end = start + bytes        (bytes: a multiple of 8, <= max_object_bytes)
/// if end > *limit_address: call the slow path          (a Rust allocation; may collect)
/// *cursor_address = end
/// write the object: header word, then the payload      (the Gc points at start + HEADER_BYTES)
/// byte = vo_table + (start >> VO_BYTE_SHIFT)
/// *byte |= 1 << ((start >> VO_BIT_SHIFT) & 7)          (not atomic: see below)
/// ```
///
/// No collection can happen between the bump and the VO bit, so the object needs no other
/// publication. The VO-bit update need not be atomic: VO bits change only on the one mutator and
/// on GC workers while the mutator is parked. The addresses are valid for the whole process (the
/// mutator never moves), so compiled code embeds them as constants. Layout source: MMTk's
/// `BumpPointer` and its contiguous global side metadata (checked when the heap is created).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllocationFastPath {
    /// Address of the bump pointer's cursor (a `usize`: where the next object starts).
    pub cursor_address: usize,
    /// Address of the bump pointer's limit (a `usize`: the end of the current free run).
    pub limit_address: usize,
    /// Address of the valid-object bit table.
    pub vo_table: usize,
    /// Largest object, in bytes with the header, that may be allocated this way; larger ones go
    /// to the large-object space through [`alloc`].
    pub max_object_bytes: usize,
}

impl AllocationFastPath {
    /// An object start `a`'s VO bit is in byte `vo_table + (a >> VO_BYTE_SHIFT)` (one bit per
    /// 8-byte granule, 8 bits a byte).
    pub const VO_BYTE_SHIFT: u32 = 6;
    /// ... at bit `(a >> VO_BIT_SHIFT) & 7` of that byte.
    pub const VO_BIT_SHIFT: u32 = 3;
}

/// The allocation fast path for compiled code. See [`AllocationFastPath`].
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn allocation_fast_path() -> AllocationFastPath {
    runtime::fast_path()
}

/// Bytes of the header word in front of every object's payload: a [`Gc`] points this far past
/// the object's start.
pub const HEADER_BYTES: usize = object::HEADER_BYTES;

/// The header word and total size in bytes (header included) of a heap object holding a `T`:
/// with a payload image of `T`, what a fast path (see [`AllocationFastPath`]) writes.
pub fn fixed_layout<T: Trace + 'static>() -> (u64, usize) {
    object::fixed_layout::<T>()
}

/// Forces a full collection now. Blocks until it is done.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn collect() {
    runtime::collect()
}

/// Current heap counters. Creates the heap if it does not exist yet; needs no guard.
pub fn stats() -> HeapStats {
    runtime::stats()
}

/// Whether `word` points at or into an allocated object, i.e. whether a conservative scan would
/// keep an object alive because of it. After a collection, a word that used to point into an
/// object (and is not itself visible to the collector) answers `false` once the object was
/// reclaimed, until the memory is reused.
pub fn is_heap_reference(word: u64) -> bool {
    roots::find_object(word as usize).is_some()
}

/// Unwinds with [`HeapExhausted`] on a failed allocation; aborts on any other heap error.
fn or_abort<T>(result: Result<T, HeapError>) -> T {
    match result {
        Ok(value) => value,
        Err(HeapError::OutOfMemory { requested_bytes }) => {
            // Not a panic: no message from the panic hook; `catch_exhaustion` stops it.
            std::panic::resume_unwind(Box::new(HeapExhausted { requested_bytes }))
        }
        Err(err) => {
            eprintln!("bonsai::heap: {err}");
            std::process::abort()
        }
    }
}

/// The payload a failed allocation of [`alloc`] and its siblings unwinds with: the heap is
/// exhausted even after a full collection. A resource limit reached by the guest program;
/// [`catch_exhaustion`] turns it back into a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapExhausted {
    /// Size of the failed allocation in bytes, header included (`usize::MAX` on overflow).
    pub requested_bytes: usize,
}

impl HeapExhausted {
    /// The guest error for it (a [`crate::error::ErrorKind::Limit`]):
    /// `Out of memory: cannot allocate N bytes in a heap of M bytes (BONSAI_HEAP_BYTES)`.
    pub fn to_guest_error(self) -> crate::error::GuestError {
        let max = stats().heap_size_bytes;
        let message = if self.requested_bytes == usize::MAX {
            format!("Out of memory: object size overflows (heap of {max} bytes, BONSAI_HEAP_BYTES)")
        } else {
            format!(
                "Out of memory: cannot allocate {} bytes in a heap of {max} bytes (BONSAI_HEAP_BYTES)",
                self.requested_bytes
            )
        };
        crate::error::GuestError::limit(message)
    }
}

/// Runs `f`; heap exhaustion inside it ([`HeapExhausted`]) ends it early with `Err`. Any other
/// panic keeps unwinding. `f`'s partly done work is abandoned, so callers catch at a boundary
/// where that is sound: a guest call (whose error then propagates like any guest error), or a
/// runtime function called from compiled code (where an unwind must not continue into
/// machine code without unwind tables).
#[inline]
pub fn catch_exhaustion<R>(f: impl FnOnce() -> R) -> Result<R, HeapExhausted> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => Ok(r),
        Err(payload) => match payload.downcast::<HeapExhausted>() {
            Ok(exhausted) => Err(*exhausted),
            Err(other) => std::panic::resume_unwind(other),
        },
    }
}

/// The concatenation of `parts` as a new heap string, copied straight into the heap (no
/// temporary string on the Rust heap, so a concatenation of large strings needs no more
/// memory than its result). The parts may be heap strings themselves. Unwinds with
/// [`HeapExhausted`] on heap exhaustion.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_str_concat(parts: &[&str]) -> Gc<HeapStr> {
    or_abort(object::allocate_str_parts(parts, Lifetime::Collected))
}

/// Moves `value` into a new heap object, reclaimed once unreachable.
///
/// `T` may not need `Drop` and must be at most 8-byte aligned (both checked at compile time).
/// May run a collection first. Unwinds with [`HeapExhausted`] if the heap is exhausted; see
/// [`try_alloc`].
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc<T: Trace + 'static>(value: T) -> Gc<T> {
    or_abort(try_alloc(value))
}

/// Like [`alloc`], but reports heap exhaustion.
///
/// # Errors
/// [`HeapError::OutOfMemory`] if the object does not fit even after a full collection.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn try_alloc<T: Trace + 'static>(value: T) -> Result<Gc<T>, HeapError> {
    object::allocate_fixed(value, Lifetime::Collected)
}

/// Moves `value` into a new immortal object: never reclaimed, never moved, its fields scanned
/// as roots at every collection. For constants held by AST nodes and other long-lived metadata.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_immortal<T: Trace + 'static>(value: T) -> Gc<T> {
    or_abort(object::allocate_fixed(value, Lifetime::Immortal { scan_as_root: true }))
}

/// Copies `s` into a new heap string. Unwinds with [`HeapExhausted`] on heap exhaustion; see
/// [`try_alloc_str`].
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_str(s: &str) -> Gc<HeapStr> {
    or_abort(try_alloc_str(s))
}

/// Like [`alloc_str`], but reports heap exhaustion.
///
/// # Errors
/// [`HeapError::OutOfMemory`] if the string does not fit even after a full collection.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn try_alloc_str(s: &str) -> Result<Gc<HeapStr>, HeapError> {
    object::allocate_str(s, Lifetime::Collected)
}

/// Copies `s` into a new immortal heap string.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_str_immortal(s: &str) -> Gc<HeapStr> {
    or_abort(object::allocate_str(s, Lifetime::Immortal { scan_as_root: false }))
}

/// Copies `value` into a new heap big integer (its 64-bit limbs inline). Aborts on heap
/// exhaustion; see [`try_alloc_bigint`].
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_bigint(value: &BigInt) -> Gc<HeapBigInt> {
    or_abort(try_alloc_bigint(value))
}

/// Like [`alloc_bigint`], but reports heap exhaustion.
///
/// # Errors
/// [`HeapError::OutOfMemory`] if the integer does not fit even after a full collection.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn try_alloc_bigint(value: &BigInt) -> Result<Gc<HeapBigInt>, HeapError> {
    object::allocate_bigint(value, Lifetime::Collected)
}

/// Copies `value` into a new immortal heap big integer.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_bigint_immortal(value: &BigInt) -> Gc<HeapBigInt> {
    or_abort(object::allocate_bigint(value, Lifetime::Immortal { scan_as_root: false }))
}

/// Allocates an array of `len` elements, each `fill`. Aborts on heap exhaustion; see
/// [`try_alloc_array`].
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_array<E: Copy + Trace + 'static>(len: usize, fill: E) -> Gc<HeapArray<E>> {
    or_abort(try_alloc_array(len, fill))
}

/// Like [`alloc_array`], but reports heap exhaustion.
///
/// # Errors
/// [`HeapError::OutOfMemory`] if the array does not fit even after a full collection.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn try_alloc_array<E: Copy + Trace + 'static>(
    len: usize,
    fill: E,
) -> Result<Gc<HeapArray<E>>, HeapError> {
    object::allocate_array(len, |_| fill, Lifetime::Collected)
}

/// Allocates an array of `len` elements whose bits are all zero (for [`crate::value::Value`]:
/// `Null`). Like [`alloc_array`] with that fill, but a large array, whose memory the heap
/// zeroes already, is not written again. Aborts on heap exhaustion.
///
/// # Safety
/// The all-zero bit pattern must be a valid `E`.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub unsafe fn alloc_zeroed_array<E: Copy + Trace + 'static>(len: usize) -> Gc<HeapArray<E>> {
    // SAFETY: the caller's contract.
    or_abort(unsafe { object::allocate_zeroed_array(len, Lifetime::Collected) })
}

/// Allocates an array holding a copy of `elements`. Aborts on heap exhaustion.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_array_from_slice<E: Copy + Trace + 'static>(elements: &[E]) -> Gc<HeapArray<E>> {
    or_abort(object::allocate_array(elements.len(), |i| elements[i], Lifetime::Collected))
}

/// Allocates an immortal array of `len` elements, each `fill`; its elements are scanned as
/// roots at every collection.
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`].
#[track_caller]
pub fn alloc_array_immortal<E: Copy + Trace + 'static>(len: usize, fill: E) -> Gc<HeapArray<E>> {
    or_abort(object::allocate_array(len, |_| fill, Lifetime::Immortal { scan_as_root: true }))
}

/// The empty array of values: immortal, allocated once and shared by every object that has no
/// elements yet (so an object's elements pointer is never null and compiled code reads its
/// capacity without a null check).
///
/// # Panics
/// If the current thread does not hold the [`MutatorGuard`] when the array is first made.
pub fn empty_value_array() -> Gc<HeapArray<crate::value::Value>> {
    static EMPTY: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let bits = *EMPTY.get_or_init(|| alloc_array_immortal(0, crate::value::Value::Null).to_bits());
    // SAFETY: `bits` came from `to_bits` of an immortal `HeapArray<Value>`, never reclaimed.
    unsafe { Gc::from_bits(bits) }
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn parse_bytes_accepts_suffixes() {
        assert_eq!(parse_bytes("1024"), Some(1024));
        assert_eq!(parse_bytes("64K"), Some(64 << 10));
        assert_eq!(parse_bytes("64m"), Some(64 << 20));
        assert_eq!(parse_bytes(" 2G "), Some(2 << 30));
        assert_eq!(parse_bytes("G"), None);
        assert_eq!(parse_bytes("12x"), None);
        assert_eq!(parse_bytes(""), None);
    }
}
