//! The MMTk VM binding: how MMTk sees Bonsai's objects, roots, threads and mutator.

use mmtk::util::alloc::AllocationError;
use mmtk::util::copy::{CopySemantics, GCWorkerCopyContext};
use mmtk::util::{Address, ObjectReference, OpaquePointer, VMMutatorThread, VMThread, VMWorkerThread};
use mmtk::vm::slot::{SimpleSlot, UnimplementedMemorySlice};
use mmtk::vm::{
    ActivePlan, Collection, GCThreadContext, ObjectModel, ObjectTracer, ReferenceGlue, RootsWorkFactory,
    Scanning, SlotVisitor, VMBinding, VMGlobalLogBitSpec, VMLocalForwardingBitsSpec,
    VMLocalForwardingPointerSpec, VMLocalLOSMarkNurserySpec, VMLocalMarkBitSpec,
};
use mmtk::{memory_manager, Mutator};

use super::gc::Tracer;
use super::object::{self, OBJECT_ALIGN_BYTES};
use super::roots;
use super::runtime;

/// Bonsai as an MMTk "VM".
#[derive(Default)]
pub(crate) struct Bonsai;

impl VMBinding for Bonsai {
    type VMObjectModel = Bonsai;
    type VMScanning = Bonsai;
    type VMCollection = Bonsai;
    type VMActivePlan = Bonsai;
    type VMReferenceGlue = Bonsai;
    type VMSlot = SimpleSlot;
    type VMMemorySlice = UnimplementedMemorySlice;

    const MIN_ALIGNMENT: usize = OBJECT_ALIGN_BYTES;
    const MAX_ALIGNMENT: usize = OBJECT_ALIGN_BYTES;
    const USE_ALLOCATION_OFFSET: bool = false;
}

/// Roots are handed to MMTk in work packets of at most this many objects.
const ROOTS_PER_PACKET: usize = 4096;

impl ObjectModel<Bonsai> for Bonsai {
    // All per-object GC metadata lives in side tables: the header word is ours alone, and a
    // free line never holds GC state in an object.
    const GLOBAL_LOG_BIT_SPEC: VMGlobalLogBitSpec = VMGlobalLogBitSpec::side_first();
    const LOCAL_MARK_BIT_SPEC: VMLocalMarkBitSpec = VMLocalMarkBitSpec::side_first();
    const LOCAL_LOS_MARK_NURSERY_SPEC: VMLocalLOSMarkNurserySpec =
        VMLocalLOSMarkNurserySpec::side_after(Self::LOCAL_MARK_BIT_SPEC.as_spec());
    // Forwarding state is only used by copying; non-moving Immix never moves objects.
    const LOCAL_FORWARDING_POINTER_SPEC: VMLocalForwardingPointerSpec =
        VMLocalForwardingPointerSpec::in_header(0);
    const LOCAL_FORWARDING_BITS_SPEC: VMLocalForwardingBitsSpec = VMLocalForwardingBitsSpec::in_header(0);

    // `Tracer::visit_word` checks valid-object bits while tracing.
    const NEED_VO_BITS_DURING_TRACING: bool = true;

    // The object reference is the object start (the header); a `Gc` points one word further.
    const UNIFIED_OBJECT_REFERENCE_ADDRESS: bool = true;
    const OBJECT_REF_OFFSET_LOWER_BOUND: isize = 0;

    fn copy(
        _from: ObjectReference,
        _semantics: CopySemantics,
        _copy_context: &mut GCWorkerCopyContext<Bonsai>,
    ) -> ObjectReference {
        unreachable!("bonsai::heap uses a non-moving plan")
    }

    fn copy_to(_from: ObjectReference, _to: ObjectReference, _region: Address) -> Address {
        unreachable!("bonsai::heap uses a non-moving plan")
    }

    fn get_reference_when_copied_to(_from: ObjectReference, _to: Address) -> ObjectReference {
        unreachable!("bonsai::heap uses a non-moving plan")
    }

    fn get_current_size(object: ObjectReference) -> usize {
        // SAFETY: MMTk only asks about allocated, initialized objects (valid-object bit set
        // after the header and payload are written).
        unsafe { object::object_size(object) }
    }

    fn get_size_when_copied(object: ObjectReference) -> usize {
        Self::get_current_size(object)
    }

    fn get_align_when_copied(_object: ObjectReference) -> usize {
        OBJECT_ALIGN_BYTES
    }

    fn get_align_offset_when_copied(_object: ObjectReference) -> usize {
        0
    }

    fn get_type_descriptor(_reference: ObjectReference) -> &'static [i8] {
        &[]
    }

    fn ref_to_object_start(object: ObjectReference) -> Address {
        object.to_raw_address()
    }

    fn ref_to_header(object: ObjectReference) -> Address {
        object.to_raw_address()
    }

    fn dump_object(object: ObjectReference) {
        // SAFETY: only called for valid objects, when MMTk debugs one.
        let info = unsafe { object::type_info(object) };
        eprintln!("{object}: {} ({} bytes)", (info.name)(), Self::get_current_size(object));
    }
}

/// Links of a chain of objects one scan follows (see `scan_object_and_trace_edges`).
const CHAIN_SCAN_LIMIT: usize = 256;

impl Scanning<Bonsai> for Bonsai {
    fn support_slot_enqueuing(_tls: VMWorkerThread, _object: ObjectReference) -> bool {
        // Objects are scanned by their `Trace` impls, which report targets, not slots.
        false
    }

    fn scan_object<SV: SlotVisitor<SimpleSlot>>(
        _tls: VMWorkerThread,
        _object: ObjectReference,
        _slot_visitor: &mut SV,
    ) {
        unreachable!("slot enqueuing is not supported")
    }

    /// Scans `object`, and then follows a chain: while the object just scanned had exactly one
    /// child that this scan marked first, that child is scanned too (at most
    /// [`CHAIN_SCAN_LIMIT`] links). MMTk turns the objects one packet marks into the next
    /// packet, so a linked list would otherwise cost a work packet (allocation, queue
    /// operations, a worker wake-up) per element; following the chain puts up to
    /// `CHAIN_SCAN_LIMIT` elements into each packet. A followed child is scanned again in its
    /// own packet, where all its children are already marked, so no object is followed twice.
    fn scan_object_and_trace_edges<OT: ObjectTracer>(
        _tls: VMWorkerThread,
        object: ObjectReference,
        object_tracer: &mut OT,
    ) {
        let mut current = object;
        for _ in 0..CHAIN_SCAN_LIMIT {
            let mut fresh = None;
            let mut fresh_count = 0;
            let mut sink = |target: ObjectReference| {
                let marked_before = target.is_live();
                // The plan does not move objects, so the returned reference equals `target`.
                object_tracer.trace_object(target);
                if !marked_before {
                    fresh = Some(target);
                    fresh_count += 1;
                }
            };
            let mut tracer = Tracer::new(&mut sink);
            // SAFETY: MMTk scans only live, initialized objects (and `fresh` was just marked,
            // so it is one), while the mutator is parked (so `Cell` fields are not written).
            unsafe { object::trace_object(current, &mut tracer) };
            match (fresh, fresh_count) {
                (Some(next), 1) => current = next,
                _ => break,
            }
        }
    }

    fn notify_initial_thread_scan_complete(_partial_scan: bool, _tls: VMWorkerThread) {}

    fn scan_roots_in_mutator_thread(
        _tls: VMWorkerThread,
        _mutator: &'static mut Mutator<Bonsai>,
        mut factory: impl RootsWorkFactory<SimpleSlot>,
    ) {
        let Some(stack) = runtime::parked_stack() else {
            debug_assert!(false, "mutator roots scanned while the mutator is not parked");
            return;
        };
        let mut objects = Vec::new();
        // SAFETY: the mutator thread is blocked in `park_mutator_for_gc`, deeper than
        // `stack.low`, until the pause ends: `[low, high)` is its live, unchanging stack.
        unsafe { roots::scan_words(stack.low, stack.high, &mut objects) };
        report_roots(objects, &mut factory);
    }

    fn scan_vm_specific_roots(_tls: VMWorkerThread, mut factory: impl RootsWorkFactory<SimpleSlot>) {
        let mut objects = runtime::immortal_roots();
        roots::scan_root_regions(&mut objects);
        report_roots(objects, &mut factory);
    }

    fn supports_return_barrier() -> bool {
        false
    }

    fn prepare_for_roots_re_scanning() {}
}

/// Hands conservatively found objects to MMTk as pinning roots (no plan here moves objects,
/// but pinning is the honest contract for references that cannot be updated).
fn report_roots(mut objects: Vec<ObjectReference>, factory: &mut impl RootsWorkFactory<SimpleSlot>) {
    objects.sort_unstable();
    objects.dedup();
    for chunk in objects.chunks(ROOTS_PER_PACKET) {
        factory.create_process_pinning_roots_work(chunk.to_vec());
    }
}

impl Collection<Bonsai> for Bonsai {
    fn create_gc_trigger() -> Box<dyn mmtk::util::heap::GCTriggerPolicy<Bonsai>> {
        super::sizing::create_trigger()
    }

    fn stop_all_mutators<F>(_tls: VMWorkerThread, mut mutator_visitor: F)
    where
        F: FnMut(&'static mut Mutator<Bonsai>),
    {
        // The only mutator stops itself: it parks in `block_for_gc` right after requesting the
        // collection. Wait for that.
        runtime::wait_for_parked_mutator();
        // SAFETY: the mutator thread is parked for the pause; GC workers own the mutator now.
        mutator_visitor(unsafe { runtime::mutator() });
    }

    fn resume_mutators(_tls: VMWorkerThread) {
        runtime::resume_mutator();
    }

    fn block_for_gc(_tls: VMMutatorThread) {
        runtime::park_mutator_for_gc();
    }

    fn spawn_gc_thread(_tls: VMThread, ctx: GCThreadContext<Bonsai>) {
        let GCThreadContext::Worker(worker) = ctx;
        let spawned = std::thread::Builder::new().name("bonsai-gc".to_owned()).spawn(move || {
            thread_local! {
                /// Its address identifies this worker thread to MMTk (which wants it non-null).
                static WORKER_TAG: u8 = const { 0 };
            }
            let tls = WORKER_TAG
                .with(|tag| VMWorkerThread(VMThread(OpaquePointer::from_address(Address::from_ptr(tag)))));
            let mmtk = runtime::mmtk();
            let run = std::panic::AssertUnwindSafe(|| memory_manager::start_worker(mmtk, tls, worker));
            if std::panic::catch_unwind(run).is_err() {
                // The mutator would wait forever for a pause that cannot finish.
                eprintln!("bonsai::heap: a GC worker thread panicked; aborting");
                std::process::abort();
            }
        });
        if let Err(err) = spawned {
            eprintln!("bonsai::heap: cannot start a GC worker thread: {err}");
            std::process::abort();
        }
    }

    fn out_of_memory(_tls: VMThread, err_kind: AllocationError) {
        match err_kind {
            // The allocation returns null; `try_alloc*` report it, `alloc*` abort.
            AllocationError::HeapOutOfMemory => {}
            // The OS refused memory: MMTk requires the process to stop.
            AllocationError::MmapOutOfMemory => {
                eprintln!("bonsai::heap: the operating system refused to map heap memory");
                std::process::abort();
            }
        }
    }
}

impl ActivePlan<Bonsai> for Bonsai {
    fn is_mutator(tls: VMThread) -> bool {
        tls == runtime::mutator_tls().0
    }

    fn mutator(_tls: VMMutatorThread) -> &'static mut Mutator<Bonsai> {
        // SAFETY: MMTk asks for the mutator from the allocating (guard-holding) thread or from
        // GC workers during a pause.
        unsafe { runtime::mutator() }
    }

    fn mutators<'a>() -> Box<dyn Iterator<Item = &'a mut Mutator<Bonsai>> + 'a> {
        // SAFETY: called by GC workers during a pause, when they own the mutator.
        Box::new(std::iter::once(unsafe { runtime::mutator() }))
    }

    fn number_of_mutators() -> usize {
        1
    }
}

impl ReferenceGlue<Bonsai> for Bonsai {
    type FinalizableType = ObjectReference;

    // Bonsai registers no weak references or finalizers with MMTk, so these are never called.
    fn clear_referent(_new_reference: ObjectReference) {}

    fn get_referent(_object: ObjectReference) -> Option<ObjectReference> {
        None
    }

    fn set_referent(_reff: ObjectReference, _referent: ObjectReference) {}

    fn enqueue_references(_references: &[ObjectReference], _tls: VMWorkerThread) {}
}
