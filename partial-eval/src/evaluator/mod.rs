//! The partial evaluator: the compile-mode instance of the execution domain.
//!
//! [`Evaluator`] implements [`CompileDomain`] by emitting Cranelift IR. Running a node's
//! generic `execute` against it reads the node's state (children, specializations,
//! profiles, constants) as plain data and emits only the operations that state selects:
//! there is no dispatch on node kinds in the result. Guest values are a tag and a payload
//! SSA value; locals are Cranelift variables (frames are virtual); guards branch to the
//! node's slow path, called out of line.
//!
//! The evaluator's state is split by concern, one module each, and so are its operations:
//!
//! | module | state | operations |
//! | --- | --- | --- |
//! | `values` | [`values::Values`]: the SSA values behind the handles node code holds, known constants | constants, boxing, tag tests, arithmetic, comparisons, conditions |
//! | `control` | [`control::ControlState`]: open regions, merge points, and per activation ([`control::ActivationControl`]) its loops, guard targets and error exit | guards, merges, branches, loops, return regions, `break`/`continue`/`return` |
//! | `frame` | [`frame::FrameState`]: every activation's slots and assigned words in SSA variables, what their memory holds ([`frame::Spills`]) | locals, arguments, safepoints, OSR write-back, entering and leaving an inlined activation |
//! | `calls` | — | calls (direct, through the runtime, inlined), boundaries |
//! | `objects` | — | shape checks, slot loads and stores, allocation |
//! | `deopt` | [`deopt::DeoptState`]: the path a transfer records, the transfer points emitted | transfers to the interpreter (deoptimization) |
//! | `virtuals` | [`virtuals::Virtuals`]: the objects allocated by the unit, their slots in SSA variables; per path (with the spills) whether each is virtual | allocation removal: virtual objects, materialization, the edges of merges |
//! | `unit` | [`unit::UnitState`]: kind, parameters, signatures, budget, what the code keeps alive | the unit ABI: entry, exits, the out slot, runtime calls, the node budget |

mod calls;
mod control;
mod deopt;
mod frame;
mod objects;
mod unit;
mod values;
mod virtuals;

pub(crate) use deopt::{DeoptData, DeoptPoint, Learn, PointStep};
pub(crate) use unit::{function_signature, unit_direct_arity, Budget, UnitKind};

use bonsai::call::CallTarget;
use bonsai::compiler::Bailout;
use bonsai::context::{Activation, ExecContext};
use bonsai::exec::{
    BoundaryFn, CompileDomain, FloatCmp, FloatOp, IntCmp, IntOp, IrValue, MergePoint, PathStep, Region,
    SBool, SFloat, SInt, SValue,
};
use bonsai::frame::{assigned_words, FrameSlot};
use bonsai::function::FunctionRef;
use bonsai::object::{Location, ShapeRef};
use bonsai::profile::ConditionProfile;
use bonsai::value::{Tag, Value};
use control::ControlState;
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use frame::{ActivationState, FrameState, Spills};
use std::collections::HashMap;
use unit::{runtime_signature, unit_signature, Params, UnitState};
use values::Values;

const I64: ir::Type = types::I64;

/// Emits one compiled unit.
pub(crate) struct Evaluator<'f> {
    b: FunctionBuilder<'f>,
    values: Values,
    unit: UnitState,
    frame: FrameState,
    control: ControlState,
    deopt: deopt::DeoptState,
    virtuals: virtuals::Virtuals,
    /// The first internal error met while emitting (operations that cannot fail record it).
    error: Option<Bailout>,
}

impl<'f> Evaluator<'f> {
    /// Starts a unit: the entry block, parameters, the frame in memory (a record linked into
    /// the context for root units; the interpreter's record for OSR units), locals (from the
    /// frame for OSR units, `Null` otherwise) and the shared error exit.
    pub(crate) fn new(
        mut b: FunctionBuilder<'f>,
        kind: UnitKind,
        call_target: &'static CallTarget,
        call_conv: CallConv,
        budget: Budget,
        stress_deopt_every: u32,
        allocation_removal: bool,
    ) -> Evaluator<'f> {
        let descriptor = call_target.frame_descriptor();
        let slot_count = descriptor.len();
        let word_count = assigned_words(slot_count);
        let unit_sig = b.import_signature(unit_signature(call_conv));
        let sig1 = b.import_signature(runtime_signature(call_conv, 1));
        let sig2 = b.import_signature(runtime_signature(call_conv, 2));
        let sig5 = b.import_signature(runtime_signature(call_conv, 5));
        let sig6 = b.import_signature(runtime_signature(call_conv, 6));
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let p = b.block_params(entry).to_vec();
        let params = match unit::unit_direct_arity(kind, call_target) {
            Some(n) => {
                // The direct convention: the unit's own target is a constant.
                let target = b.ins().iconst(I64, call_target as *const CallTarget as i64);
                let zero = b.ins().iconst(I64, 0);
                let args = (0..n).map(|i| (p[2 + 2 * i], p[3 + 2 * i])).collect();
                Params {
                    ctx: p[0],
                    target,
                    frame: zero,
                    args: zero,
                    nargs: zero,
                    out: zero,
                    direct: Some(unit::DirectParams { depth: p[1], args }),
                }
            }
            None => Params {
                ctx: p[0],
                target: p[1],
                frame: p[2],
                args: p[3],
                nargs: p[4],
                out: p[5],
                direct: None,
            },
        };
        let error_block = b.create_block();
        b.set_cold_block(error_block);
        let flags = MemFlagsData::trusted();
        let (outer_record, record, slots, assigned) = if kind == UnitKind::Osr {
            // `frame` is the interpreter activation's record.
            let slots = b.ins().load(I64, flags, params.frame, Activation::SLOTS_OFFSET);
            let assigned = b.ins().load(I64, flags, params.frame, Activation::ASSIGNED_OFFSET);
            (params.frame, params.frame, slots, assigned)
        } else {
            // The record is written and linked lazily (see `link_unit_record`).
            let parent = b.ins().load(I64, flags, params.ctx, ExecContext::TOP_OFFSET);
            let (record, slots, assigned) = frame::record_area(&mut b, slot_count);
            (parent, record, slots, assigned)
        };
        // `Null`, defined in the entry block (so valid everywhere): the slots' initial value,
        // and the value code after a transfer point computes with, without emitting anything.
        let null = b.ins().iconst(I64, 0);
        let mut spills = Spills::cleared(slot_count, word_count);
        // Units are entered valid: through the installed code of their call target (or
        // `OsrPoint::run_compiled`), or by a recursive call of a root unit, which checks the
        // unit's version first on a path with a safepoint since the last check (see
        // `Evaluator::emit_call`). Deoptimization stress may invalidate code just before it is
        // entered, and breaks no assumption doing so.
        spills.unchecked_safepoint = false;
        let mut locals = Vec::with_capacity(slot_count);
        for i in 0..slot_count {
            let tag = b.declare_var(I64);
            let payload = b.declare_var(I64);
            let (t, v) = if kind == UnitKind::Osr {
                let off = i as i32 * Value::SIZE_BYTES as i32;
                let t = b.ins().load(I64, flags, slots, off + Value::TAG_OFFSET);
                let v = b.ins().load(I64, flags, slots, off + Value::PAYLOAD_OFFSET);
                spills.slots[i] = Some((t, v));
                (t, v)
            } else {
                (null, null)
            };
            spills.values[i] = Some((t, v));
            b.def_var(tag, t);
            b.def_var(payload, v);
            locals.push((tag, payload));
        }
        let mut constants = HashMap::new();
        constants.insert(null, 0);
        let mut words = Vec::with_capacity(word_count);
        for w in 0..word_count {
            let var = b.declare_var(I64);
            let value = if kind == UnitKind::Osr {
                let v = b.ins().load(I64, flags, assigned, w as i32 * 8);
                spills.words[w] = Some(v);
                v
            } else {
                let v = b.ins().iconst(I64, 0);
                constants.insert(v, 0);
                v
            };
            b.def_var(var, value);
            words.push(var);
        }
        let captured = descriptor.slots().map(|(_, info)| info.is_captured()).collect();
        let pinned = vec![false; slot_count];
        let activation = ActivationState {
            call_target,
            target: params.target,
            arguments: None,
            record,
            parent: outer_record,
            slot_base: 0,
            slot_count,
            word_base: 0,
            slots,
            assigned,
        };
        Evaluator {
            b,
            values: Values {
                handles: vec![null],
                constants,
                boxed_bools: HashMap::new(),
                boxed_doubles: HashMap::new(),
                negations: HashMap::new(),
                tag_tests: HashMap::new(),
                shape_tests: HashMap::new(),
                conjunctions: HashMap::new(),
                shape_loads: HashMap::new(),
                shared: HashMap::from([((I64, 0), null)]),
            },
            unit: UnitState {
                kind,
                params,
                outer_record,
                call_conv,
                unit_sig,
                sig1,
                sig2,
                sig5,
                sig6,
                direct_sigs: Vec::new(),
                word_sigs: Vec::new(),
                record_linked_somewhere: false,
                boundaries: Vec::new(),
                inlined: Vec::new(),
                nodes: 0,
                budget,
                version: call_target.version(),
                safepoints: 0,
                entry_depth: None,
                unreachable_value: SValue { tag: IrValue(0), payload: IrValue(0) },
                self_ref: None,
                stress_deopt_every,
                allocation_removal,
                max_loop_depth: 0,
                transfer_out: None,
                assumed_functions: Vec::new(),
            },
            frame: FrameState { locals, words, captured, pinned, spills, activations: vec![activation] },
            control: ControlState::new(error_block),
            deopt: deopt::DeoptState::default(),
            virtuals: virtuals::Virtuals::default(),
            error: None,
        }
    }

    /// Records that emitting broke `invariant` (an internal error); the unit is refused.
    fn fail(&mut self, invariant: &'static str) {
        if self.error.is_none() {
            self.error = Some(Bailout::invariant(invariant));
        }
    }
}

/// The operations, each emitted by the module of its concern (see the table above).
impl CompileDomain for Evaluator<'_> {
    fn constant(&mut self, v: Value) -> SValue {
        Evaluator::constant(self, v)
    }

    fn int_constant(&mut self, v: i64) -> SInt {
        Evaluator::int_constant(self, v)
    }

    fn bool_constant(&mut self, v: bool) -> SBool {
        Evaluator::bool_constant(self, v)
    }

    fn box_int(&mut self, v: SInt) -> SValue {
        Evaluator::box_int(self, v)
    }

    fn box_bool(&mut self, v: SBool) -> SValue {
        Evaluator::box_bool(self, v)
    }

    fn has_tag(&mut self, v: SValue, tag: Tag) -> SBool {
        Evaluator::has_tag(self, v, tag)
    }

    fn unbox_int(&mut self, v: SValue) -> SInt {
        Evaluator::unbox_int(self, v)
    }

    fn unbox_bool(&mut self, v: SValue) -> SBool {
        Evaluator::unbox_bool(self, v)
    }

    fn same(&mut self, a: SValue, b: SValue) -> SBool {
        Evaluator::same(self, a, b)
    }

    fn int_op_checked(&mut self, op: IntOp, a: SInt, b: SInt) -> (SInt, SBool) {
        Evaluator::int_op_checked(self, op, a, b)
    }

    fn int_compare(&mut self, cmp: IntCmp, a: SInt, b: SInt) -> SBool {
        Evaluator::int_compare(self, cmp, a, b)
    }

    fn float_constant(&mut self, v: f64) -> SFloat {
        Evaluator::float_constant(self, v)
    }

    fn box_double(&mut self, v: SFloat) -> SValue {
        Evaluator::box_double(self, v)
    }

    fn unbox_double(&mut self, v: SValue) -> SFloat {
        Evaluator::unbox_double(self, v)
    }

    fn float_op(&mut self, op: FloatOp, a: SFloat, b: SFloat) -> SFloat {
        Evaluator::float_op(self, op, a, b)
    }

    fn float_compare(&mut self, cmp: FloatCmp, a: SFloat, b: SFloat) -> SBool {
        Evaluator::float_compare(self, cmp, a, b)
    }

    fn int_to_float(&mut self, i: SInt) -> SFloat {
        Evaluator::int_to_float(self, i)
    }

    fn not(&mut self, b: SBool) -> SBool {
        Evaluator::not(self, b)
    }

    fn and(&mut self, a: SBool, b: SBool) -> SBool {
        Evaluator::and(self, a, b)
    }

    fn or(&mut self, a: SBool, b: SBool) -> SBool {
        Evaluator::or(self, a, b)
    }

    fn guard(&mut self, cond: SBool) {
        Evaluator::guard(self, cond)
    }

    fn push_guard_target(&mut self) {
        Evaluator::push_guard_target(self)
    }

    fn pop_guard_target(&mut self) -> bool {
        Evaluator::pop_guard_target(self)
    }

    fn merge_point(&mut self) -> MergePoint {
        Evaluator::merge_point(self)
    }

    fn jump_to_merge(&mut self, m: MergePoint, v: SValue) {
        Evaluator::jump_to_merge(self, m, v)
    }

    fn enter_merge(&mut self, m: MergePoint) -> SValue {
        Evaluator::enter_merge(self, m)
    }

    fn branch_begin(&mut self, cond: SBool, profile: &ConditionProfile) -> Region {
        Evaluator::branch_begin(self, cond, profile)
    }

    fn branch_else(&mut self, region: Region, value: Option<SValue>) {
        Evaluator::branch_else(self, region, value)
    }

    fn branch_end(&mut self, region: Region, value: Option<SValue>) -> Option<SValue> {
        Evaluator::branch_end(self, region, value)
    }

    fn loop_begin(&mut self, osr: &bonsai::osr::OsrPoint) -> Region {
        Evaluator::loop_begin(self, osr)
    }

    fn loop_body(&mut self, region: Region, cond: SBool) {
        Evaluator::loop_body(self, region, cond)
    }

    fn loop_end(&mut self, region: Region) {
        Evaluator::loop_end(self, region)
    }

    fn catch_begin(&mut self, target: SValue) {
        Evaluator::catch_begin(self, target)
    }

    fn catch_end(&mut self, value: SValue) -> SValue {
        Evaluator::catch_end(self, value)
    }

    fn jump_to_catch(&mut self, target: SValue, value: SValue) -> bool {
        Evaluator::jump_to_catch(self, target, value)
    }

    fn return_region_begin(&mut self) -> Region {
        Evaluator::return_region_begin(self)
    }

    fn return_region_end(&mut self, region: Region, value: SValue) -> SValue {
        Evaluator::return_region_end(self, region, value)
    }

    fn break_loop(&mut self) -> Result<(), Bailout> {
        Evaluator::break_loop(self)
    }

    fn continue_loop(&mut self) -> Result<(), Bailout> {
        Evaluator::continue_loop(self)
    }

    fn return_value(&mut self, v: SValue) -> Result<(), Bailout> {
        Evaluator::return_value(self, v)
    }

    fn read_local(&mut self, slot: FrameSlot) -> SValue {
        Evaluator::read_local(self, slot)
    }

    fn write_local(&mut self, slot: FrameSlot, v: SValue) {
        Evaluator::write_local(self, slot, v)
    }

    fn argument(&mut self, index: usize) -> SValue {
        Evaluator::argument(self, index)
    }

    fn call_function(&mut self, function: FunctionRef, args: &[SValue]) -> Result<SValue, Bailout> {
        Evaluator::call_function(self, function, args)
    }

    fn call_function_value(&mut self, function: SValue, args: &[SValue]) -> Result<SValue, Bailout> {
        Evaluator::call_function_value(self, function, args)
    }

    fn shape_of(&mut self, object: SValue) -> SInt {
        Evaluator::shape_of(self, object)
    }

    fn load_slot(&mut self, object: SValue, location: Location) -> SValue {
        Evaluator::load_slot(self, object, location)
    }

    fn store_slot(&mut self, object: SValue, location: Location, v: SValue) {
        Evaluator::store_slot(self, object, location, v)
    }

    fn set_shape(&mut self, object: SValue, shape: ShapeRef) {
        Evaluator::set_shape(self, object, shape)
    }

    fn new_object(&mut self, shape: ShapeRef) -> SValue {
        Evaluator::new_object(self, shape)
    }

    fn element_count(&mut self, object: SValue) -> SInt {
        Evaluator::element_count(self, object)
    }

    fn load_element(&mut self, object: SValue, index: SInt) -> SValue {
        Evaluator::load_element(self, object, index)
    }

    fn store_element(&mut self, object: SValue, index: SInt, v: SValue) {
        Evaluator::store_element(self, object, index, v)
    }

    fn element_capacity(&mut self, object: SValue) -> SInt {
        Evaluator::element_capacity(self, object)
    }

    fn extension_capacity(&mut self, object: SValue) -> SInt {
        Evaluator::extension_capacity(self, object)
    }

    fn set_element_count(&mut self, object: SValue, count: SInt) {
        Evaluator::set_element_count(self, object, count)
    }

    fn boundary<'b>(&mut self, f: Box<BoundaryFn<'b>>, args: &[SValue]) -> Result<SValue, Bailout> {
        Evaluator::boundary(self, f, args)
    }

    fn count_node(&mut self) -> Result<(), Bailout> {
        Evaluator::count_node(self)
    }

    fn path_len(&self) -> usize {
        Evaluator::path_len(self)
    }

    fn path_truncate(&mut self, len: usize) {
        Evaluator::path_truncate(self, len)
    }

    fn path_push(&mut self, step: PathStep) {
        Evaluator::path_push(self, step)
    }

    fn transfer(&mut self, reason: String) {
        Evaluator::transfer(self, reason)
    }

    fn unreachable_value(&mut self) -> SValue {
        self.unit.unreachable_value
    }

    fn known_condition(&self, cond: SBool) -> Option<bool> {
        self.known(self.get(cond.0)).map(|k| k != 0)
    }
}
