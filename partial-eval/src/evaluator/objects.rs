//! Objects and allocation: shape reads, slot loads and stores at offsets the shape fixed, and
//! the heap's allocation fast path inline.

use super::{Evaluator, I64};
use crate::backend::runtime;
use bonsai::exec::{SInt, SValue};
use bonsai::heap::{self, AllocationFastPath, HeapArray};
use bonsai::object::{DynamicObject, Location, ShapeRef, SlotAddress};
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};

/// This module's operations of [`CompileDomain`](bonsai::exec::CompileDomain) (documented
/// there; `Evaluator`'s trait impl forwards to them) and their helpers.
impl Evaluator<'_> {
    pub(super) fn shape_of(&mut self, object: SValue) -> SInt {
        self.open();
        if let Some((_, shape)) = self.virtual_object(object.payload) {
            let c = self.iconst(shape.bits());
            return SInt(self.v(c));
        }
        let obj = self.resolve(object.payload);
        if let Some(&(_, bits)) = self.frame.spills.facts.shapes.iter().find(|f| f.0 == obj) {
            // A shape test on this object holds here, and nothing changed shapes since.
            let c = self.iconst(bits);
            return SInt(self.v(c));
        }
        let shape = self.b.ins().load(I64, MemFlagsData::trusted(), obj, DynamicObject::SHAPE_OFFSET);
        self.values.shape_loads.insert(shape, obj);
        SInt(self.v(shape))
    }

    pub(super) fn load_slot(&mut self, object: SValue, location: Location) -> SValue {
        self.open();
        if let Some((id, _)) = self.virtual_object(object.payload) {
            if let Some(v) = self.load_virtual_slot(id, location) {
                return v;
            }
        }
        let (base, offset) = self.slot_base(object, location);
        let flags = MemFlagsData::trusted();
        let t = self.b.ins().load(I64, flags, base, offset + Value::TAG_OFFSET);
        let p = self.b.ins().load(I64, flags, base, offset + Value::PAYLOAD_OFFSET);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    pub(super) fn store_slot(&mut self, object: SValue, location: Location, v: SValue) {
        self.open();
        if let Some((id, _)) = self.virtual_object(object.payload) {
            if self.store_virtual_slot(id, location, v) {
                return;
            }
        }
        let (base, offset) = self.slot_base(object, location);
        let (t, p) = self.handles_of(v);
        let flags = MemFlagsData::trusted();
        self.b.ins().store(flags, t, base, offset + Value::TAG_OFFSET);
        self.b.ins().store(flags, p, base, offset + Value::PAYLOAD_OFFSET);
    }

    pub(super) fn set_shape(&mut self, object: SValue, shape: ShapeRef) {
        self.open();
        if let Some((id, _)) = self.virtual_object(object.payload) {
            if DynamicObject::initial_image(shape).is_some() {
                self.set_virtual_shape(id, shape);
                return;
            }
        }
        self.forget_shapes();
        let obj = self.resolve(object.payload);
        let bits = self.b.ins().iconst(I64, shape.bits());
        self.b.ins().store(MemFlagsData::trusted(), bits, obj, DynamicObject::SHAPE_OFFSET);
    }

    pub(super) fn element_count(&mut self, object: SValue) -> SInt {
        self.open();
        let obj = self.resolve(object.payload);
        let count = self.b.ins().load(I64, MemFlagsData::trusted(), obj, DynamicObject::ELEMENT_COUNT_OFFSET);
        SInt(self.v(count))
    }

    pub(super) fn load_element(&mut self, object: SValue, index: SInt) -> SValue {
        self.open();
        let address = self.element_address(object, index);
        let flags = MemFlagsData::trusted();
        let base = HeapArray::<Value>::ELEMENTS_OFFSET;
        let t = self.b.ins().load(I64, flags, address, base + Value::TAG_OFFSET);
        let p = self.b.ins().load(I64, flags, address, base + Value::PAYLOAD_OFFSET);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    pub(super) fn store_element(&mut self, object: SValue, index: SInt, v: SValue) {
        self.open();
        let address = self.element_address(object, index);
        let (t, p) = self.handles_of(v);
        let flags = MemFlagsData::trusted();
        let base = HeapArray::<Value>::ELEMENTS_OFFSET;
        self.b.ins().store(flags, t, address, base + Value::TAG_OFFSET);
        self.b.ins().store(flags, p, address, base + Value::PAYLOAD_OFFSET);
    }

    pub(super) fn element_capacity(&mut self, object: SValue) -> SInt {
        self.open();
        let obj = self.resolve(object.payload);
        let flags = MemFlagsData::trusted();
        let array = self.b.ins().load(I64, flags, obj, DynamicObject::ELEMENTS_OFFSET);
        let capacity = self.b.ins().load(I64, flags, array, HeapArray::<Value>::LEN_OFFSET);
        SInt(self.v(capacity))
    }

    pub(super) fn extension_capacity(&mut self, object: SValue) -> SInt {
        self.open();
        if self.virtual_object(object.payload).is_some() {
            // Virtual objects have inline slots only.
            return self.int_constant(0);
        }
        let obj = self.resolve(object.payload);
        let flags = MemFlagsData::trusted();
        let array = self.b.ins().load(I64, flags, obj, DynamicObject::EXTENSION_OFFSET);
        let has = self.b.create_block();
        let join = self.b.create_block();
        let capacity = self.b.append_block_param(join, I64);
        let zero = self.iconst(0);
        self.b.ins().brif(array, has, &[], join, &[ir::BlockArg::Value(zero)]);
        self.b.switch_to_block(has);
        let len = self.b.ins().load(I64, flags, array, HeapArray::<Value>::LEN_OFFSET);
        self.b.ins().jump(join, &[ir::BlockArg::Value(len)]);
        self.b.switch_to_block(join);
        SInt(self.v(capacity))
    }

    pub(super) fn set_element_count(&mut self, object: SValue, count: SInt) {
        self.open();
        let (obj, n) = (self.resolve(object.payload), self.get(count.0));
        self.b.ins().store(MemFlagsData::trusted(), n, obj, DynamicObject::ELEMENT_COUNT_OFFSET);
    }

    /// The address of element `index` of `object` minus the array's element offset: the
    /// elements array (one load) plus `index * 16`.
    fn element_address(&mut self, object: SValue, index: SInt) -> ir::Value {
        let obj = self.resolve(object.payload);
        let array = self.b.ins().load(I64, MemFlagsData::trusted(), obj, DynamicObject::ELEMENTS_OFFSET);
        let i = self.get(index.0);
        let scaled = self.b.ins().ishl_imm_u(i, 4);
        self.b.ins().iadd(array, scaled)
    }

    /// Allocates an object of the shape `shape_word` in Rust (which may collect); a null
    /// result means the heap is exhausted, with the error pending: take the error exit.
    fn allocate_out_of_line(&mut self, shape_word: ir::Value) -> ir::Value {
        let ctx = self.unit.params.ctx;
        let p = self.call_runtime_word(runtime::new_object as *const () as usize, &[ctx, shape_word]);
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
        self.check_status_not_transfer(failed);
        p
    }

    /// A new object: virtual when the allocation fast path can make it (see
    /// [`virtuals`](super::virtuals)), allocated otherwise.
    pub(super) fn new_object(&mut self, shape: ShapeRef) -> SValue {
        self.open();
        let fast = heap::allocation_fast_path();
        let fits = DynamicObject::initial_image(shape).is_some_and(|w| w.len() * 8 <= fast.max_object_bytes);
        if fits && self.unit.allocation_removal {
            return self.new_virtual(shape);
        }
        let tag = self.iconst(Tag::Object.bits() as i64);
        let p = self.allocate(shape);
        SValue { tag: self.v(tag), payload: self.v(p) }
    }

    /// Allocates an object of `shape`, every slot `Null`: its address.
    pub(super) fn allocate(&mut self, shape: ShapeRef) -> ir::Value {
        self.open();
        let fast = heap::allocation_fast_path();
        let image = DynamicObject::initial_image(shape).filter(|w| w.len() * 8 <= fast.max_object_bytes);
        let shape_word = self.b.ins().iconst(I64, shape.bits());
        // Cold code (a transfer point materializing the objects it leaves to the interpreter)
        // allocates out of line: a call instead of the fast path's forty instructions.
        let cold = self.b.current_block().is_some_and(|b| self.b.func.layout.is_cold(b));
        let Some(image) = image.filter(|_| !cold) else {
            return self.allocate_out_of_line(shape_word);
        };
        // The heap's fast path (see `AllocationFastPath`): bump, write the image, set the VO bit.
        let flags = MemFlagsData::trusted();
        let fast_block = self.b.create_block();
        let slow_block = self.b.create_block();
        let join = self.b.create_block();
        self.b.set_cold_block(slow_block);
        let payload = self.b.append_block_param(join, I64);
        let cursor = self.b.ins().iconst(I64, fast.cursor_address as i64);
        let limit = self.b.ins().iconst(I64, fast.limit_address as i64);
        let start = self.b.ins().load(I64, flags, cursor, 0);
        let limit = self.b.ins().load(I64, flags, limit, 0);
        let end = self.b.ins().iadd_imm_s(start, (image.len() * 8) as i64);
        let fits = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, end, limit);
        self.b.ins().brif(fits, fast_block, &[], slow_block, &[]);

        self.b.switch_to_block(fast_block);
        self.b.ins().store(flags, end, cursor, 0);
        for (i, word) in image.iter().enumerate() {
            let w = self.b.ins().iconst(I64, *word as i64);
            self.b.ins().store(flags, w, start, i as i32 * 8);
        }
        let granule = self.b.ins().ushr_imm_s(start, i64::from(AllocationFastPath::VO_BYTE_SHIFT));
        let byte_address = self.b.ins().iadd_imm_s(granule, fast.vo_table as i64);
        let bit_index = self.b.ins().ushr_imm_s(start, i64::from(AllocationFastPath::VO_BIT_SHIFT));
        let bit_index = self.b.ins().band_imm_u(bit_index, 7);
        let bit_index = self.b.ins().ireduce(types::I8, bit_index);
        let one = self.b.ins().iconst(types::I8, 1);
        let bit = self.b.ins().ishl(one, bit_index);
        let old = self.b.ins().load(types::I8, flags, byte_address, 0);
        let new = self.b.ins().bor(old, bit);
        self.b.ins().store(flags, new, byte_address, 0);
        let p = self.b.ins().iadd_imm_s(start, heap::HEADER_BYTES as i64);
        self.b.ins().jump(join, &[ir::BlockArg::Value(p)]);

        self.b.switch_to_block(slow_block);
        let p = self.allocate_out_of_line(shape_word);
        self.b.ins().jump(join, &[ir::BlockArg::Value(p)]);

        self.b.switch_to_block(join);
        payload
    }

    /// The base address and byte offset of `location` in `object`: the object itself for
    /// inline slots, its extension array (one load) otherwise.
    pub(super) fn slot_base(&mut self, object: SValue, location: Location) -> (ir::Value, i32) {
        let obj = self.resolve(object.payload);
        match location.address() {
            SlotAddress::Inline { offset } => (obj, offset),
            SlotAddress::Extension { array_offset, offset } => {
                let array = self.b.ins().load(I64, MemFlagsData::trusted(), obj, array_offset);
                (array, offset)
            }
        }
    }
}
