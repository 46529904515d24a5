//! Heap sizing follows the live set (`bonsai::heap`'s proportional trigger): a growing live
//! set is collected a logarithmic number of times, not at every small growth step. Its own
//! test binary, so its own heap: 8 MiB minimum, 512 MiB maximum.

use std::cell::Cell;

use bonsai::heap::{self, Gc, HeapOptions, MutatorGuard, Trace, Tracer};

struct Link {
    value: u64,
    next: Cell<Option<Gc<Link>>>,
}

// SAFETY: `next` is the only reference.
unsafe impl Trace for Link {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.next.trace(tracer);
    }
}

#[test]
fn a_growing_live_list_is_collected_a_logarithmic_number_of_times() {
    heap::configure(HeapOptions { max_heap_bytes: 512 << 20, min_heap_bytes: 8 << 20, gc_threads: 2 })
        .expect("the heap is configured before it is used");
    let _mutator = MutatorGuard::acquire();
    let before = heap::stats().collections;
    // 2,000,000 links of 32 bytes: 64 MB live at the end, 8 times the minimum heap.
    let head = heap::alloc(Link { value: 0, next: Cell::new(None) });
    let mut tail = head;
    for i in 1..2_000_000u64 {
        let link = heap::alloc(Link { value: i, next: Cell::new(None) });
        tail.next.set(Some(link));
        tail = link;
    }
    let collections = heap::stats().collections - before;
    // Tripling from 8 MiB reaches 64 MB live in about 2 collections; a trigger that grows the
    // heap sublinearly in the live set collected dozens of times.
    assert!((1..=8).contains(&collections), "{collections} collections");
    // The list survived intact.
    let (mut n, mut sum, mut cursor) = (0u64, 0u64, Some(head));
    while let Some(link) = cursor {
        n += 1;
        sum += link.value;
        cursor = link.next.get();
    }
    assert_eq!((n, sum), (2_000_000, 2_000_000 * 1_999_999 / 2));
}
