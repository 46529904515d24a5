//! Tests of `bonsai::heap`: conservative roots, root regions, cycles, variable-size objects,
//! immortal objects and the mutator guard. All tests share one 32 MiB heap; the guard
//! serializes them.

use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Once};
use std::thread;
use std::time::Duration;

use bonsai::heap::{
    self, Gc, HeapArray, HeapError, HeapOptions, HeapStr, MutatorGuard, RootRegion, Trace, Tracer,
};
use num_bigint::BigInt;

const TEST_HEAP_BYTES: usize = 32 << 20;

fn setup() {
    static CONFIGURE: Once = Once::new();
    CONFIGURE.call_once(|| {
        heap::configure(HeapOptions {
            max_heap_bytes: TEST_HEAP_BYTES,
            min_heap_bytes: TEST_HEAP_BYTES,
            gc_threads: 2,
        })
        .expect("the heap is configured before any test uses it");
    });
}

/// A cons cell with a mutable link, for lists and cycles.
struct Node {
    id: u64,
    next: Cell<Option<Gc<Node>>>,
}

// SAFETY: `next` is the only reference.
unsafe impl Trace for Node {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
    }
}

fn node(id: u64, next: Option<Gc<Node>>) -> Gc<Node> {
    heap::alloc(Node { id, next: Cell::new(next) })
}

/// Overwrites a large stretch of the stack below the caller, so stale copies of references left
/// there by earlier calls do not retain objects conservatively.
#[inline(never)]
fn scrub_stack() {
    let mut buffer = [0u64; 32 * 1024];
    black_box(&mut buffer);
}

/// A word that is not a pointer, from which the address can be recovered later.
fn hide(bits: u64) -> u64 {
    !bits
}

fn unhide(hidden: u64) -> u64 {
    !hidden
}

/// Asserts that the object `gc` refers to has not been reclaimed: its valid-object bit is set.
/// (Right after a collection a reclaimed object's bit is clear until its memory is reused.)
#[track_caller]
fn assert_alive<T>(gc: Gc<T>) {
    assert!(heap::is_heap_reference(gc.to_bits()), "{gc:?} was reclaimed while still referenced");
}

/// Allocates `count` objects of about `bytes` bytes that become garbage at once.
#[inline(never)]
fn churn(count: usize, bytes: usize) {
    let filler = "x".repeat(bytes);
    for _ in 0..count {
        black_box(heap::alloc_str(&filler));
    }
}

#[test]
fn stack_locals_survive_collection() {
    setup();
    let _guard = MutatorGuard::acquire();
    let greeting = black_box(heap::alloc_str("hello, heap"));
    let number = black_box(heap::alloc(42u64));
    let mut list = None;
    for id in 0..1000 {
        list = Some(node(id, list));
    }
    let list = black_box(list.expect("non-empty"));

    let before = heap::stats().collections;
    scrub_stack();
    heap::collect();
    assert_alive(greeting);
    assert_alive(number);
    let mut cursor = Some(list);
    while let Some(current) = cursor {
        assert_alive(current);
        cursor = current.next.get();
    }
    // Garbage of the same sizes reuses every cell the collection may have freed.
    for i in 0..100_000u64 {
        black_box(heap::alloc_str("overwritten"));
        black_box(heap::alloc(i));
        black_box(node(i, None));
    }
    heap::collect();
    assert!(heap::stats().collections >= before + 2);

    assert_eq!(&**black_box(greeting), "hello, heap");
    assert_eq!(*black_box(number), 42);
    let mut expected = 1000;
    let mut cursor = Some(black_box(list));
    while let Some(current) = cursor {
        expected -= 1;
        assert_eq!(current.id, expected);
        cursor = current.next.get();
    }
    assert_eq!(expected, 0);
}

/// Fills `slots` with references to fresh strings `"region string {i}"` and returns their
/// hidden addresses. No reference stays on the stack after it returns.
#[inline(never)]
fn fill_region(slots: &mut [u64]) -> Vec<u64> {
    let mut hidden = Vec::with_capacity(slots.len());
    for (i, slot) in slots.iter_mut().enumerate() {
        let string = heap::alloc_str(&format!("region string {i}"));
        *slot = string.to_bits();
        hidden.push(hide(string.to_bits()));
    }
    hidden
}

#[inline(never)]
fn count_live(hidden: &[u64]) -> usize {
    hidden.iter().filter(|&&h| heap::is_heap_reference(unhide(h))).count()
}

#[test]
fn root_regions_keep_objects_until_dropped() {
    setup();
    let _guard = MutatorGuard::acquire();
    const COUNT: usize = 2000;
    let mut slots = vec![0u64; COUNT];
    // SAFETY: `slots` is neither moved nor freed before the region is dropped, and only this
    // thread (which holds the guard) writes it.
    let region = unsafe { RootRegion::register(slots.as_ptr(), slots.len()) };
    let hidden = fill_region(&mut slots);
    scrub_stack();
    heap::collect();
    churn(50_000, 24);
    heap::collect();
    assert_eq!(count_live(&hidden), COUNT);
    for (i, &bits) in slots.iter().enumerate() {
        // SAFETY: `bits` came from `Gc::<HeapStr>::to_bits`, kept alive by the region.
        let string = unsafe { Gc::<HeapStr>::from_bits(bits) };
        assert_eq!(&**string, format!("region string {i}"));
    }

    drop(region);
    slots.fill(0);
    scrub_stack();
    heap::collect();
    let live = count_live(&hidden);
    // A stray stale copy on the stack may retain an object or two; the rest must be gone.
    assert!(live <= 2, "{live} of {COUNT} strings survived after their root region was dropped");
}

/// Allocates `cycle_count` cycles of 2 to 10 nodes; returns the first node of every
/// `keep_every`-th cycle, in an array on the caller's stack.
#[inline(never)]
fn build_cycles(cycle_count: u64, keep_every: u64) -> [Option<Gc<Node>>; 8] {
    let mut kept = [None; 8];
    let mut kept_len = 0;
    for cycle in 0..cycle_count {
        let length = 2 + cycle % 9;
        let first = node(cycle * 16, None);
        let mut last = first;
        for position in 1..length {
            let next = node(cycle * 16 + position, None);
            last.next.set(Some(next));
            last = next;
        }
        last.next.set(Some(first));
        if cycle % keep_every == 0 && kept_len < kept.len() {
            kept[kept_len] = Some(first);
            kept_len += 1;
        }
    }
    kept
}

#[test]
fn cycles_are_reclaimed() {
    setup();
    let _guard = MutatorGuard::acquire();
    let before = heap::stats();
    // About 6.6 million nodes of 24 bytes (header included): 150 MiB through a 32 MiB heap.
    let kept = black_box(build_cycles(1_100_000, 140_000));
    let after = heap::stats();
    assert!(
        after.collections >= before.collections + 3,
        "{} collections while allocating 150 MiB in a 32 MiB heap",
        after.collections - before.collections
    );
    assert!(after.used_bytes <= after.heap_size_bytes);
    assert_eq!(after.heap_size_bytes, TEST_HEAP_BYTES);

    heap::collect();
    let mut checked = 0;
    for (i, first) in black_box(kept).iter().enumerate() {
        let first = first.expect("eight cycles are kept");
        let cycle = i as u64 * 140_000;
        let length = 2 + cycle % 9;
        assert_eq!(first.id, cycle * 16);
        let mut current = first;
        for position in 1..=length {
            current = current.next.get().expect("cycles are closed");
            assert_eq!(current.id, cycle * 16 + position % length);
        }
        assert!(Gc::ptr_eq(current, first));
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn strings_round_trip() {
    setup();
    let _guard = MutatorGuard::acquire();
    let empty = black_box(heap::alloc_str(""));
    let unicode = black_box(heap::alloc_str("grüße, 世界 🌳"));
    let long_text: String = (0..100_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let long = black_box(heap::alloc_str(&long_text)); // over 64 KiB: large-object space
    scrub_stack();
    heap::collect();
    assert_alive(empty);
    assert_alive(unicode);
    assert_alive(long);
    churn(20_000, 0);
    churn(20_000, 20);
    assert_eq!(&**empty, "");
    assert!(empty.is_empty());
    assert_eq!(&**unicode, "grüße, 世界 🌳");
    assert_eq!(unicode.chars().count(), 11);
    assert_eq!(long.len(), 100_000);
    assert_eq!(&**long, long_text);
    assert_eq!(format!("{}|{:?}", *unicode, *empty), "grüße, 世界 🌳|\"\"");
}

#[test]
fn bigints_round_trip() {
    setup();
    let _guard = MutatorGuard::acquire();
    let values: Vec<BigInt> = vec![
        BigInt::from(0),
        BigInt::from(1),
        BigInt::from(-1),
        BigInt::from(i64::MAX),
        BigInt::from(i64::MIN),
        BigInt::from(u64::MAX) + 1,
        -(BigInt::from(3).pow(300)),
        BigInt::from(7).pow(2000),
    ];
    let mut slots: Vec<u64> = Vec::with_capacity(values.len());
    // SAFETY: `slots` never reallocates (capacity reserved) and lives until the end.
    let _region = unsafe { RootRegion::register(slots.as_ptr(), values.len()) };
    for value in &values {
        slots.push(heap::alloc_bigint(value).to_bits());
    }
    scrub_stack();
    heap::collect();
    churn(20_000, 48);
    for (value, &bits) in values.iter().zip(&slots) {
        // SAFETY: `bits` came from `Gc::<HeapBigInt>::to_bits`, kept alive by the region.
        let big = unsafe { Gc::<heap::HeapBigInt>::from_bits(bits) };
        assert_eq!(&big.to_bigint(), value);
        assert_eq!(big.is_negative(), value < &BigInt::from(0));
        assert_eq!(big.to_string(), value.to_string());
    }
    let zero = heap::alloc_bigint(&BigInt::from(0));
    assert!(zero.limbs().is_empty());
    let two_to_64 = heap::alloc_bigint(&(BigInt::from(1) << 64));
    assert_eq!(two_to_64.limbs(), &[0, 1]);
}

#[test]
fn arrays_round_trip_and_trace_their_elements() {
    setup();
    let _guard = MutatorGuard::acquire();
    let numbers = black_box(heap::alloc_array(10, 7i64));
    numbers.set(3, -3);
    assert_eq!(numbers.len(), 10);
    assert_eq!(numbers.to_vec(), vec![7, 7, 7, -3, 7, 7, 7, 7, 7, 7]);
    assert_eq!(numbers.as_cells().get(10).map(Cell::get), None);

    let empty = heap::alloc_array::<u8>(0, 0);
    assert!(empty.is_empty());

    // Strings reachable only through arrays, small and large (over 64 KiB: large-object space).
    let small: Gc<HeapArray<Option<Gc<HeapStr>>>> = black_box(heap::alloc_array(16, None));
    let large: Gc<HeapArray<Option<Gc<HeapStr>>>> = black_box(heap::alloc_array(20_000, None));
    fill_arrays(small, large);
    scrub_stack();
    heap::collect();
    assert_alive(numbers);
    assert_alive(small);
    assert_alive(large);
    for i in 0..small.len() {
        assert_alive(small.get(i).expect("filled"));
    }
    churn(50_000, 8);
    heap::collect();
    for i in 0..small.len() {
        assert_eq!(small.get(i).map(|s| s.to_string()), Some(format!("small {i}")));
    }
    for i in (0..large.len()).step_by(997) {
        assert_eq!(large.get(i).map(|s| s.to_string()), Some(format!("large {i}")));
    }
    let copied = heap::alloc_array_from_slice(&[1u32, 2, 3]);
    assert_eq!(copied.to_vec(), vec![1, 2, 3]);
    assert_eq!(format!("{:?}", *copied), "[1, 2, 3]");
}

#[inline(never)]
fn fill_arrays(small: Gc<HeapArray<Option<Gc<HeapStr>>>>, large: Gc<HeapArray<Option<Gc<HeapStr>>>>) {
    for i in 0..small.len() {
        small.set(i, Some(heap::alloc_str(&format!("small {i}"))));
    }
    for i in (0..large.len()).step_by(997) {
        large.set(i, Some(heap::alloc_str(&format!("large {i}"))));
    }
}

/// Allocates an immortal string, and an immortal node whose link is the only reference to a
/// mortal node. Returns both, hidden.
#[inline(never)]
fn make_immortals() -> (u64, u64) {
    let constant = heap::alloc_str_immortal("a constant");
    let holder = heap::alloc_immortal(Node { id: 1, next: Cell::new(None) });
    holder.next.set(Some(node(2, None)));
    (hide(constant.to_bits()), hide(holder.to_bits()))
}

#[test]
fn immortal_objects_survive_and_keep_their_fields_alive() {
    setup();
    let _guard = MutatorGuard::acquire();
    let (constant, holder) = make_immortals();
    let big = heap::alloc_bigint_immortal(&BigInt::from(10).pow(40));
    let table = heap::alloc_array_immortal(4, 0u64);
    for _ in 0..3 {
        scrub_stack();
        heap::collect();
        churn(30_000, 32);
    }
    assert!(heap::is_heap_reference(unhide(constant)));
    // SAFETY: immortal objects are never reclaimed; the bits came from `to_bits` of these types.
    let (constant, holder) =
        unsafe { (Gc::<HeapStr>::from_bits(unhide(constant)), Gc::<Node>::from_bits(unhide(holder))) };
    assert_eq!(&**constant, "a constant");
    assert_eq!(holder.id, 1);
    assert_eq!(holder.next.get().map(|n| n.id), Some(2));
    assert_eq!(big.to_bigint(), BigInt::from(10).pow(40));
    assert_eq!(table.to_vec(), vec![0; 4]);
}

/// Allocates a 200-byte string and returns the address of its byte 100 (an interior pointer,
/// as a `&str` into the middle of it would hold) and its hidden `Gc`.
#[inline(never)]
fn interior_pointer_into_string() -> (usize, u64) {
    let text: String = (0..200).map(|i| char::from(b'A' + (i % 26) as u8)).collect();
    let string = heap::alloc_str(&text);
    (string.as_bytes()[100..].as_ptr() as usize, hide(string.to_bits()))
}

#[test]
fn interior_pointers_keep_objects_alive() {
    setup();
    let _guard = MutatorGuard::acquire();
    let (interior, hidden) = interior_pointer_into_string();
    let interior = black_box(interior);
    scrub_stack();
    heap::collect();
    // Same-size strings reuse any cell the collection freed.
    churn(50_000, 200);
    assert!(heap::is_heap_reference(unhide(hidden)));
    assert!(heap::is_heap_reference(interior as u64));
    // SAFETY: the interior pointer on this stack kept the string alive; bytes 100..110 are in it.
    let bytes = unsafe { std::slice::from_raw_parts(black_box(interior) as *const u8, 10) };
    assert_eq!(bytes, b"WXYZABCDEF");
}

/// An object with a field the collector treats conservatively.
struct Opaque {
    word: u64,
}

// SAFETY: `word` may hold a reference, and is visited conservatively.
unsafe impl Trace for Opaque {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        tracer.visit_word(self.word);
    }
}

#[inline(never)]
fn make_opaque() -> Gc<Opaque> {
    let target = heap::alloc_str("behind an opaque word");
    heap::alloc(Opaque { word: target.to_bits() })
}

#[test]
fn visit_word_traces_conservatively() {
    setup();
    let _guard = MutatorGuard::acquire();
    let opaque = black_box(make_opaque());
    let not_a_reference = black_box(heap::alloc(Opaque { word: 12345 }));
    scrub_stack();
    heap::collect();
    assert_alive(opaque);
    assert_alive(not_a_reference);
    // SAFETY: `word` came from `Gc::<HeapStr>::to_bits`, kept alive through `visit_word`.
    let target = unsafe { Gc::<HeapStr>::from_bits(opaque.word) };
    assert_alive(target);
    churn(30_000, 21);
    assert_eq!(&**target, "behind an opaque word");
    assert_eq!(not_a_reference.word, 12345);
    assert!(!heap::is_heap_reference(12345));
    assert!(!heap::is_heap_reference(0));
}

#[test]
fn two_threads_take_turns() {
    setup();
    const ROUNDS: usize = 6;
    let turn = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..2)
        .map(|me| {
            let turn = Arc::clone(&turn);
            thread::spawn(move || {
                // On the Rust heap on purpose: it survives across turns (while this thread's
                // stack is not scanned) only through the registered region.
                #[allow(clippy::useless_vec)]
                let mut slots = vec![0u64; ROUNDS];
                // SAFETY: `slots` is not moved or freed before the region drops, and is written
                // only while this thread holds the guard.
                let _region = unsafe { RootRegion::register(slots.as_ptr(), slots.len()) };
                for round in 0..ROUNDS {
                    while turn.load(Ordering::Acquire) % 2 != me {
                        thread::yield_now();
                    }
                    let guard = MutatorGuard::acquire();
                    let local = heap::alloc_str(&format!("thread {me} local {round}"));
                    slots[round] = heap::alloc_str(&format!("thread {me} round {round}")).to_bits();
                    churn(20_000, 32);
                    heap::collect();
                    assert_alive(local);
                    assert_eq!(&**local, format!("thread {me} local {round}"));
                    for (earlier, &bits) in slots[..=round].iter().enumerate() {
                        // SAFETY: written above from `to_bits`, kept alive by the region.
                        let string = unsafe { Gc::<HeapStr>::from_bits(bits) };
                        assert_eq!(&**string, format!("thread {me} round {earlier}"));
                    }
                    drop(guard);
                    turn.fetch_add(1, Ordering::Release);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread succeeds");
    }
    assert_eq!(turn.load(Ordering::Acquire), 2 * ROUNDS);
}

/// Runs `f` on a new thread and fails the test if it does not finish within 30 s (a deadlock).
fn within_timeout(f: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        f();
        let _ = done.send(());
    });
    finished.recv_timeout(Duration::from_secs(30)).expect("finished without deadlock");
}

#[test]
fn guard_is_released_when_its_thread_panics_or_exits() {
    setup();
    let panicked = thread::spawn(|| {
        let _guard = MutatorGuard::acquire();
        let _ = heap::alloc_str("about to panic");
        panic!("guest code panicked");
    })
    .join();
    assert!(panicked.is_err());
    within_timeout(|| {
        let _guard = MutatorGuard::acquire();
        assert_eq!(&**heap::alloc_str("after a panic"), "after a panic");
    });

    thread::spawn(|| std::mem::forget(MutatorGuard::acquire())).join().expect("thread exits");
    within_timeout(|| {
        let _guard = MutatorGuard::acquire();
        heap::collect();
    });
}

#[test]
fn guard_is_reentrant() {
    setup();
    let outer = MutatorGuard::acquire();
    let inner = MutatorGuard::acquire();
    drop(inner);
    let string = heap::alloc_str("still the mutator");
    heap::collect();
    assert_eq!(&**string, "still the mutator");
    drop(outer);
}

#[test]
#[should_panic(expected = "without a MutatorGuard")]
fn allocation_without_guard_panics() {
    setup();
    let _ = heap::alloc_str("no guard");
}

#[test]
#[should_panic(expected = "without a MutatorGuard")]
fn collect_without_guard_panics() {
    setup();
    heap::collect();
}

#[test]
fn out_of_memory_is_reported_and_recoverable() {
    setup();
    let _guard = MutatorGuard::acquire();
    let mut slots = vec![0u64; 256];
    // SAFETY: `slots` is not moved or freed before the region drops; only this thread writes it.
    let region = unsafe { RootRegion::register(slots.as_ptr(), slots.len()) };
    let mut filled = 0;
    let error = loop {
        assert!(filled < slots.len(), "a 32 MiB heap held 256 MiB of arrays");
        match heap::try_alloc_array(128 * 1024, 0u64) {
            Ok(array) => slots[filled] = array.to_bits(),
            Err(error) => break error,
        }
        filled += 1;
    };
    assert!(matches!(error, HeapError::OutOfMemory { requested_bytes } if requested_bytes > 1 << 20));
    assert!(filled >= 16, "only {filled} MiB fit in a 32 MiB heap");
    drop(region);
    slots.fill(0);
    scrub_stack();
    heap::collect();
    let array = heap::try_alloc_array(128 * 1024, 1u64).expect("memory is reclaimed after OOM");
    assert_eq!(array.get(128 * 1024 - 1), 1);
}

#[test]
fn configuration_is_fixed_once_the_heap_exists() {
    setup();
    drop(MutatorGuard::acquire());
    assert_eq!(heap::configure(HeapOptions::default()), Err(HeapError::AlreadyInitialized));
    assert_eq!(heap::stats().heap_size_bytes, TEST_HEAP_BYTES);
    assert!(matches!(
        heap::configure(HeapOptions { max_heap_bytes: 1024, min_heap_bytes: 1024, gc_threads: 0 }),
        Err(HeapError::HeapTooSmall { .. })
    ));
}

#[test]
fn gc_is_one_word() {
    assert_eq!(std::mem::size_of::<Gc<HeapStr>>(), 8);
    assert_eq!(std::mem::size_of::<Option<Gc<Node>>>(), 8);
}

/// Allocates a `Node` the way compiled code does, following `heap::allocation_fast_path()`
/// word for word (bump, image, VO bit); `None` when the allocation buffer is used up.
#[inline(never)]
fn fast_path_node(id: u64, next: Option<Gc<Node>>) -> Option<Gc<Node>> {
    let fast = heap::allocation_fast_path();
    let (header, bytes) = heap::fixed_layout::<Node>();
    assert!(bytes <= fast.max_object_bytes && bytes % 8 == 0);
    // SAFETY: this follows the documented fast path of `AllocationFastPath` with the guard held.
    unsafe {
        let cursor = fast.cursor_address as *mut usize;
        let start = *cursor;
        let end = start + bytes;
        if end > *(fast.limit_address as *const usize) {
            return None;
        }
        *cursor = end;
        let words = start as *mut u64;
        words.write(header);
        words.add(1).cast::<Node>().write(Node { id, next: Cell::new(next) });
        let byte = (fast.vo_table + (start >> heap::AllocationFastPath::VO_BYTE_SHIFT)) as *mut u8;
        *byte |= 1 << ((start >> heap::AllocationFastPath::VO_BIT_SHIFT) & 7);
        Some(Gc::from_bits((start + heap::HEADER_BYTES) as u64))
    }
}

/// Builds a list of 1000 nodes, alternating the fast path and `heap::alloc` (which refills the
/// buffer when the fast path finds it used up); returns its head and how many took the fast path.
#[inline(never)]
fn fast_path_list() -> (Gc<Node>, usize) {
    let (mut list, mut fast_count) = (None, 0);
    for id in 0..1000 {
        let fast = if id % 2 == 0 { fast_path_node(id, list) } else { None };
        fast_count += usize::from(fast.is_some());
        list = Some(fast.unwrap_or_else(|| node(id, list)));
    }
    (list.expect("non-empty"), fast_count)
}

#[test]
fn fast_path_allocations_are_found_and_traced() {
    setup();
    let _guard = MutatorGuard::acquire();
    let (list, fast_count) = fast_path_list();
    let list = black_box(list);
    assert!(fast_count > 400, "only {fast_count} of 500 allocations took the fast path");
    let dead = hide(fast_path_node(7, None).map_or(0, Gc::to_bits));
    assert!(dead == hide(0) || heap::is_heap_reference(unhide(dead)), "a fast-path object is not found");
    scrub_stack();
    heap::collect();
    churn(10_000, 64);
    heap::collect();
    let mut expected = 1000;
    let mut cursor = Some(black_box(list));
    while let Some(current) = cursor {
        assert_alive(current);
        expected -= 1;
        assert_eq!(current.id, expected);
        cursor = current.next.get();
    }
    assert_eq!(expected, 0);
}
