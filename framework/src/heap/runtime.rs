//! The process-wide heap: MMTk instance, the one mutator, the mutator guard, the stop-the-world
//! handshake, and the allocation path.

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use mmtk::memory_manager;
use mmtk::util::alloc::{Allocator, AllocatorSelector, ImmixAllocator};
use mmtk::util::metadata::vo_bit::VO_BIT_SIDE_METADATA_SPEC;
use mmtk::util::options::{GCTriggerSelector, PlanSelector};
use mmtk::util::{Address, ObjectReference, OpaquePointer, VMMutatorThread, VMThread};
use mmtk::{AllocationSemantics, MMTKBuilder, Mutator, MMTK};

use super::binding::Bonsai;
use super::object::{object_bytes, TypeInfo, HEADER_BYTES, OBJECT_ALIGN_BYTES};
use super::roots::{self, StackRange};
use super::{AllocationFastPath, HeapError, HeapOptions, HeapStats};

/// Locks `mutex`, ignoring poisoning: every critical section here leaves its data consistent
/// even if a panic unwinds through it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Options chosen by [`configure`], and whether the heap has been created from them.
struct Config {
    options: Option<HeapOptions>,
    initialized: bool,
}

static CONFIG: Mutex<Config> = Mutex::new(Config { options: None, initialized: false });

/// The MMTk instance, set once during initialization (before GC threads start).
static MMTK_INSTANCE: OnceLock<&'static MMTK<Bonsai>> = OnceLock::new();

/// The heap, created on first use.
static HEAP: OnceLock<Heap> = OnceLock::new();

/// The process's single MMTk mutator, handed from guard holder to guard holder. Only the thread
/// holding the mutator guard, or a GC worker while that thread is parked, uses it.
static MUTATOR: AtomicPtr<Mutator<Bonsai>> = AtomicPtr::new(std::ptr::null_mut());

/// Number of completed collections.
static COLLECTIONS: AtomicU64 = AtomicU64::new(0);

/// Immortal objects that may hold references: scanned as roots at every collection, since
/// MMTk's immortal space keeps objects but does not treat them as roots.
static IMMORTAL_ROOTS: Mutex<Vec<ObjectReference>> = Mutex::new(Vec::new());

/// Facts about the created heap that the hot paths need.
pub(crate) struct Heap {
    pub(crate) mmtk: &'static MMTK<Bonsai>,
    /// Largest object (total bytes) that goes to the Immix space; larger ones go to the
    /// large-object space.
    max_small_object_bytes: usize,
    /// Address range `[start, end)` in which MMTk places objects; words outside it are not
    /// references.
    pub(crate) address_range: (usize, usize),
    /// How far back (bytes) a conservative word may point into an object and still keep it.
    pub(crate) max_interior_offset_bytes: usize,
    /// Address of the VO-bit table (see [`set_vo_bit`]).
    vo_table: usize,
}

/// The MMTk instance, for binding callbacks (which run only after initialization).
pub(crate) fn mmtk() -> &'static MMTK<Bonsai> {
    MMTK_INSTANCE.get().expect("bonsai::heap: MMTk callback before heap initialization")
}

/// The heap if it exists, without creating it.
pub(crate) fn existing_heap() -> Option<&'static Heap> {
    HEAP.get()
}

/// The heap, created on first use with the configured options.
pub(crate) fn heap() -> &'static Heap {
    HEAP.get_or_init(create_heap)
}

/// Starts creating the heap on a detached thread (see `bonsai::heap::initialize_in_background`).
pub(crate) fn initialize_in_background() {
    if HEAP.get().is_some() {
        return;
    }
    let spawned = std::thread::Builder::new().name("bonsai-heap-init".into()).spawn(|| {
        heap();
    });
    // Without a thread the heap is created on first use, as always.
    drop(spawned);
}

/// The identity MMTk knows the one mutator by. Not a real thread: the mutator moves between
/// threads with the guard.
pub(crate) fn mutator_tls() -> VMMutatorThread {
    static TAG: u8 = 0;
    VMMutatorThread(VMThread(OpaquePointer::from_address(Address::from_ptr(&TAG))))
}

/// The one mutator.
///
/// # Safety
/// The caller must hold the mutator guard, or be a GC worker during a pause; and must not keep
/// two `&mut` to it alive at once on one thread.
pub(crate) unsafe fn mutator() -> &'static mut Mutator<Bonsai> {
    let mutator = MUTATOR.load(Ordering::Acquire);
    debug_assert!(!mutator.is_null(), "bonsai::heap: mutator used before initialization");
    // SAFETY: set once to a leaked `Box` during initialization; exclusive use is the caller's
    // obligation.
    unsafe { &mut *mutator }
}

pub(crate) fn configure(options: HeapOptions) -> Result<(), HeapError> {
    options.validate()?;
    let mut config = lock(&CONFIG);
    if config.initialized {
        return Err(HeapError::AlreadyInitialized);
    }
    config.options = Some(options);
    Ok(())
}

fn create_heap() -> Heap {
    let mut config = lock(&CONFIG);
    let options = config.options.clone().unwrap_or_else(|| HeapOptions::from_env().unwrap_or_default());
    config.initialized = true;

    let mut builder = MMTKBuilder::new_no_env_vars();
    let plan_ok = builder.options.plan.set(PlanSelector::Immix);
    // The heap grows from its minimum in proportion to the live data (`sizing`), so programs
    // that allocate a lot of short-lived garbage run in little memory and growing live sets
    // are not re-traced at every small step; it never exceeds the maximum.
    let min = options.min_heap_bytes.min(options.max_heap_bytes);
    super::sizing::set_limits(min, options.max_heap_bytes);
    let trigger_ok = builder.options.gc_trigger.set(GCTriggerSelector::Delegated);
    let threads_ok = options.gc_threads == 0 || builder.options.threads.set(options.gc_threads);
    debug_assert!(plan_ok && trigger_ok && threads_ok, "MMTk rejected validated options");

    let mmtk: &'static MMTK<Bonsai> = Box::leak(memory_manager::mmtk_init::<Bonsai>(&builder));
    // Set before GC threads exist: they look the instance up through `mmtk()`.
    let _ = MMTK_INSTANCE.set(mmtk);
    memory_manager::initialize_collection(mmtk, VMThread::UNINITIALIZED);
    let mutator = memory_manager::bind_mutator(mmtk, mutator_tls());
    // `allocate` calls the Immix allocator's bump-pointer path directly.
    assert!(
        matches!(
            memory_manager::get_allocator_mapping(mmtk, AllocationSemantics::Default),
            AllocatorSelector::Immix(_)
        ),
        "bonsai::heap expects MMTk's Immix allocator for default allocations"
    );
    MUTATOR.store(Box::into_raw(mutator), Ordering::Release);
    // `set_vo_bit` and compiled code address VO bits as one bit per 8-byte granule in a
    // contiguous table (MMTk's layout of global side metadata on 64-bit targets).
    assert!(
        VO_BIT_SIDE_METADATA_SPEC.is_global
            && VO_BIT_SIDE_METADATA_SPEC.log_num_of_bits == 0
            && VO_BIT_SIDE_METADATA_SPEC.log_bytes_in_region == AllocationFastPath::VO_BIT_SHIFT as usize
            && cfg!(target_pointer_width = "64"),
        "bonsai::heap expects MMTk's VO bits as one bit per 8-byte granule in a contiguous table"
    );

    Heap {
        mmtk,
        max_small_object_bytes: mmtk.get_plan().constraints().max_non_los_default_alloc_bytes,
        address_range: (
            memory_manager::starting_heap_address().as_usize(),
            memory_manager::last_heap_address().as_usize(),
        ),
        max_interior_offset_bytes: options.max_heap_bytes,
        vo_table: VO_BIT_SIDE_METADATA_SPEC.get_starting_address().as_usize(),
    }
}

// ---------------------------------------------------------------------------------------------
// The mutator guard.

/// Per-thread guard bookkeeping.
struct ThreadState {
    /// Number of live `MutatorGuard`s on this thread (the guard is re-entrant).
    depth: Cell<usize>,
    /// This thread's stack bounds, found on first acquisition (`high == 0` before).
    stack: Cell<StackRange>,
}

impl Drop for ThreadState {
    /// A thread that exits while still counted as the holder (a leaked guard) releases it.
    fn drop(&mut self) {
        if self.depth.get() > 0 {
            self.depth.set(0);
            release_ownership();
        }
    }
}

thread_local! {
    static THREAD: ThreadState = const {
        ThreadState { depth: Cell::new(0), stack: Cell::new(StackRange { low: 0, high: 0 }) }
    };
}

/// Whether some thread holds the guard.
static OWNED: Mutex<bool> = Mutex::new(false);
static OWNER_RELEASED: Condvar = Condvar::new();

fn release_ownership() {
    *lock(&OWNED) = false;
    OWNER_RELEASED.notify_one();
}

/// Whether the current thread holds the mutator guard.
pub(crate) fn holds_guard() -> bool {
    THREAD.try_with(|state| state.depth.get() > 0).unwrap_or(false)
}

/// Panics with a message naming `operation` unless the current thread holds the guard.
#[track_caller]
pub(crate) fn require_guard(operation: &str) {
    if !holds_guard() {
        panic!(
            "bonsai::heap: {operation} without a MutatorGuard on this thread; \
             call bonsai::heap::MutatorGuard::acquire() before running guest code"
        );
    }
}

/// Token proving that this thread is the heap's one active mutator. See
/// [`MutatorGuard::acquire`](super::MutatorGuard::acquire).
pub struct MutatorGuard {
    /// Tied to the acquiring thread: `!Send`, `!Sync`.
    _not_send: PhantomData<*const ()>,
}

impl MutatorGuard {
    /// Makes the current thread the heap's active mutator, blocking while another thread is.
    ///
    /// Re-entrant: a thread that already holds the guard gets another token at once, and stays
    /// the mutator until its last token is dropped. The heap itself is created by its first use
    /// (an allocation, a collection, the statistics; with the options from
    /// [`configure`](super::configure), else from the environment, else defaults) or by
    /// [`initialize_in_background`](super::initialize_in_background).
    ///
    /// While the guard is held, this thread's native stack and registers are scanned
    /// conservatively at every collection. Dropping the last token (also during a panic's
    /// unwinding, or at thread exit if a token was leaked) lets another thread in; `Gc`
    /// values this thread still holds on its stack are then no longer roots.
    ///
    /// # Panics
    /// If the bounds of the current thread's stack cannot be determined.
    pub fn acquire() -> MutatorGuard {
        // The heap is created by its first user (an allocation, a collection, the statistics),
        // which may be later or on another thread (`initialize_in_background`).
        let already_held = THREAD.with(|state| {
            let depth = state.depth.get();
            if depth > 0 {
                state.depth.set(depth + 1);
            }
            depth > 0
        });
        if !already_held {
            if THREAD.with(|state| state.stack.get().high) == 0 {
                let stack = roots::current_stack_bounds().unwrap_or_else(|err| {
                    panic!("bonsai::heap: cannot find the bounds of this thread's stack: {err}")
                });
                THREAD.with(|state| state.stack.set(stack));
            }
            let mut owned = lock(&OWNED);
            while *owned {
                owned = OWNER_RELEASED.wait(owned).unwrap_or_else(PoisonError::into_inner);
            }
            *owned = true;
            drop(owned);
            THREAD.with(|state| state.depth.set(1));
        }
        MutatorGuard { _not_send: PhantomData }
    }
}

impl Drop for MutatorGuard {
    fn drop(&mut self) {
        let released = THREAD
            .try_with(|state| {
                let depth = state.depth.get();
                debug_assert!(depth > 0, "MutatorGuard dropped on a thread that does not hold it");
                state.depth.set(depth.saturating_sub(1));
                depth == 1
            })
            .unwrap_or(false);
        if released {
            release_ownership();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stop-the-world handshake between the mutator (in `block_for_gc`) and the GC workers.

/// The parked mutator's stack range, if it is parked, and a count of finished pauses.
struct Park {
    stack: Option<StackRange>,
    pauses_finished: u64,
}

static PARK: Mutex<Park> = Mutex::new(Park { stack: None, pauses_finished: 0 });
static PARK_CHANGED: Condvar = Condvar::new();

/// Called on the mutator thread (inside an allocation or `collect`) when MMTk has requested a
/// collection: spills the callee-saved registers to the stack, publishes the stack range to
/// scan, and waits for the pause to end.
///
/// Aborts the process if the thread is running on another stack than its own (a stack segment
/// from `stacker` or a coroutine library): that stack's extent is unknown, so it could not be
/// scanned, and continuing would free live objects.
pub(crate) fn park_mutator_for_gc() {
    let stack = THREAD.with(|state| state.stack.get());
    debug_assert!(stack.high != 0, "block_for_gc on a thread that never held the guard");
    roots::with_registers_spilled(&mut |stack_pointer| {
        if !(stack.low <= stack_pointer && stack_pointer < stack.high) {
            eprintln!(
                "bonsai::heap: a collection was triggered on a foreign stack (stack pointer \
                 {stack_pointer:#x} outside the thread's stack [{:#x}, {:#x})); its roots \
                 cannot be scanned",
                stack.low, stack.high
            );
            std::process::abort();
        }
        let mut park = lock(&PARK);
        let started = park.pauses_finished;
        park.stack = Some(StackRange { low: stack_pointer, high: stack.high });
        PARK_CHANGED.notify_all();
        while park.pauses_finished == started {
            park = PARK_CHANGED.wait(park).unwrap_or_else(PoisonError::into_inner);
        }
        park.stack = None;
    });
}

/// Called by a GC worker: waits until the mutator is parked.
pub(crate) fn wait_for_parked_mutator() {
    let mut park = lock(&PARK);
    while park.stack.is_none() {
        park = PARK_CHANGED.wait(park).unwrap_or_else(PoisonError::into_inner);
    }
}

/// The parked mutator's stack range (during a pause).
pub(crate) fn parked_stack() -> Option<StackRange> {
    lock(&PARK).stack
}

/// Called by a GC worker at the end of a pause: lets the mutator continue.
pub(crate) fn resume_mutator() {
    COLLECTIONS.fetch_add(1, Ordering::Relaxed);
    lock(&PARK).pauses_finished += 1;
    PARK_CHANGED.notify_all();
}

/// Immortal objects that may hold references (roots).
pub(crate) fn immortal_roots() -> Vec<ObjectReference> {
    lock(&IMMORTAL_ROOTS).clone()
}

// ---------------------------------------------------------------------------------------------
// Allocation, collection, statistics.

/// How long a new object lives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Lifetime {
    /// Reclaimed once unreachable.
    Collected,
    /// Never reclaimed. `scan_as_root`: whether its fields may hold references.
    Immortal { scan_as_root: bool },
}

impl Lifetime {
    /// The same lifetime for an object known to hold no references.
    pub(crate) fn without_references(self) -> Lifetime {
        match self {
            Lifetime::Collected => Lifetime::Collected,
            Lifetime::Immortal { .. } => Lifetime::Immortal { scan_as_root: false },
        }
    }
}

/// Allocates an object of `payload_bytes` payload bytes described by `info`, lets `init` write
/// the payload, and publishes the object to the collector. Returns the payload address.
///
/// May collect before `init` runs (never during or after). `init` must fully initialize the
/// payload so that `info` can size and scan it, and must not allocate.
///
/// # Panics
/// If the current thread does not hold the mutator guard.
#[track_caller]
pub(crate) fn allocate(
    info: &'static TypeInfo,
    payload_bytes: usize,
    lifetime: Lifetime,
    init: impl FnOnce(*mut u8),
) -> Result<NonNull<u8>, HeapError> {
    allocate_with(info, payload_bytes, lifetime, |payload, _| init(payload))
}

/// [`allocate`], telling `init` whether the payload's memory is all zeros already (a large
/// object: MMTk's large object space zeroes the pages it hands out), so that an object whose
/// initial state is all zeros need not be written twice.
pub(crate) fn allocate_with(
    info: &'static TypeInfo,
    payload_bytes: usize,
    lifetime: Lifetime,
    init: impl FnOnce(*mut u8, bool),
) -> Result<NonNull<u8>, HeapError> {
    require_guard("allocation");
    let heap = heap();
    let bytes = object_bytes(payload_bytes).ok_or(HeapError::OutOfMemory { requested_bytes: usize::MAX })?;
    let semantics = match lifetime {
        Lifetime::Immortal { .. } => AllocationSemantics::Immortal,
        Lifetime::Collected if bytes > heap.max_small_object_bytes => AllocationSemantics::Los,
        Lifetime::Collected => AllocationSemantics::Default,
    };
    // SAFETY: this thread holds the guard, so it is the only user of the mutator.
    let mutator = unsafe { mutator() };
    let start = if semantics == AllocationSemantics::Default {
        // The fast path: the Immix allocator's bump pointer (inlined), checked at heap creation
        // to be the allocator of default allocations.
        // SAFETY: see the assertion in `create_heap`.
        let immix = unsafe { mutator.allocator_impl_mut_for_semantic::<ImmixAllocator<Bonsai>>(semantics) };
        immix.alloc(bytes, OBJECT_ALIGN_BYTES, 0)
    } else {
        memory_manager::alloc(mutator, bytes, OBJECT_ALIGN_BYTES, 0, semantics)
    };
    if start.is_zero() {
        return Err(HeapError::OutOfMemory { requested_bytes: bytes });
    }
    let start_ptr = start.to_mut_ptr::<u8>();
    // SAFETY: MMTk returned `bytes` fresh bytes at `start`, 8-byte aligned; the header word is
    // written first, then `init` fills the payload behind it.
    unsafe {
        std::ptr::write(start_ptr.cast::<&'static TypeInfo>(), info);
        init(start_ptr.add(HEADER_BYTES), semantics == AllocationSemantics::Los);
    }
    // SAFETY: `start` is non-zero and word-aligned; the object reference is the object start.
    let object = unsafe { ObjectReference::from_raw_address_unchecked(start) };
    // Sets the valid-object bit: from here on conservative scans can find the object. For the
    // Immix space that is all `post_alloc` does; compiled code does the same (`fast_path`).
    if semantics == AllocationSemantics::Default {
        // SAFETY: `start` is an object start in the Immix space, whose VO bits are mapped.
        unsafe { set_vo_bit(heap.vo_table, start.as_usize()) };
    } else {
        memory_manager::post_alloc(mutator, object, bytes, semantics);
    }
    if lifetime == (Lifetime::Immortal { scan_as_root: true }) {
        lock(&IMMORTAL_ROOTS).push(object);
    }
    // SAFETY: `start` is non-zero, so is the payload address behind the header.
    Ok(unsafe { NonNull::new_unchecked(start_ptr.add(HEADER_BYTES)) })
}

/// Sets the valid-object bit of the object starting at `start`, as compiled code does (see
/// [`AllocationFastPath`]): a plain load, `or` and store of the bit's byte. Not atomic: VO bits
/// of the Immix space change only on the one mutator (here) and on GC workers while the mutator
/// is parked, never concurrently.
///
/// # Safety
/// `start` must be the start of an object in the Immix space (its VO table bytes are mapped),
/// and the caller must hold the mutator guard.
unsafe fn set_vo_bit(vo_table: usize, start: usize) {
    let byte = (vo_table + (start >> AllocationFastPath::VO_BYTE_SHIFT)) as *mut u8;
    // SAFETY: the VO table covers every Immix address (MMTk maps it with the space's chunks).
    unsafe { *byte |= 1 << ((start >> AllocationFastPath::VO_BIT_SHIFT) & 7) };
}

/// The allocation fast path of the one mutator, for compiled code (see [`AllocationFastPath`]).
///
/// # Panics
/// If the current thread does not hold the mutator guard.
#[track_caller]
pub(crate) fn fast_path() -> AllocationFastPath {
    require_guard("allocation_fast_path()");
    let heap = heap();
    // SAFETY: this thread holds the guard; the mutator (a leaked box) never moves, so the
    // addresses stay valid for the process. See the assertion in `create_heap`.
    let immix = unsafe {
        mutator().allocator_impl_mut_for_semantic::<ImmixAllocator<Bonsai>>(AllocationSemantics::Default)
    };
    AllocationFastPath {
        cursor_address: std::ptr::addr_of!(immix.bump_pointer.cursor) as usize,
        limit_address: std::ptr::addr_of!(immix.bump_pointer.limit) as usize,
        vo_table: heap.vo_table,
        max_object_bytes: heap.max_small_object_bytes,
    }
}

/// Runs a full collection now.
///
/// # Panics
/// If the current thread does not hold the mutator guard.
#[track_caller]
pub(crate) fn collect() {
    require_guard("collect()");
    heap().mmtk.handle_user_collection_request(mutator_tls(), true, true);
}

pub(crate) fn stats() -> HeapStats {
    let heap = heap();
    HeapStats {
        collections: COLLECTIONS.load(Ordering::Relaxed),
        used_bytes: memory_manager::used_bytes(heap.mmtk),
        heap_size_bytes: memory_manager::total_bytes(heap.mmtk),
    }
}
