//! The compile-mode interface of the execution domain.
//!
//! [`CompileDomain`] is the object-safe form of [`Domain`] whose operations emit code. It is
//! implemented by the partial evaluator (`bonsai-partial-eval`); this crate only names
//! opaque IR handles and never sees the code generator. The blanket `impl Domain for dyn
//! CompileDomain` lets the one generic node definition run in compile mode.

use super::{BoundaryFn, Domain, FloatCmp, FloatOp, IntCmp, IntOp, Interp, Miss};
use crate::compiler::Bailout;
use crate::error::GuestError;
use crate::frame::FrameSlot;
use crate::function::FunctionRef;
use crate::node::Node;
use crate::object::{Location, ShapeRef};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::specialization::{self, Specialize};
use crate::value::{Tag, Value};

/// An SSA value of the code being emitted (an opaque handle of the backend).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IrValue(pub u32);

/// A guest value in compiled code: its tag word and payload word as two SSA values.
#[derive(Clone, Copy, Debug)]
pub struct SValue {
    /// The tag word.
    pub tag: IrValue,
    /// The payload word.
    pub payload: IrValue,
}

/// An unboxed i64 in compiled code.
#[derive(Clone, Copy, Debug)]
pub struct SInt(pub IrValue);

/// An unboxed double in compiled code (an `f64` SSA value).
#[derive(Clone, Copy, Debug)]
pub struct SFloat(pub IrValue);

/// An unboxed condition in compiled code.
#[derive(Clone, Copy, Debug)]
pub struct SBool(pub IrValue);

/// A structured control-flow region being emitted (a branch, a loop, a return region).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(pub u32);

/// A join point of compiled control flow that receives one guest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergePoint(pub u32);

/// The partial evaluator's operations, one per [`Domain`] operation, plus the block-level
/// primitives speculation is built from. Each emits code into the function being compiled.
/// See [`Domain`] for the semantics of the shared operations.
pub trait CompileDomain {
    /// [`Domain::constant`](crate::exec::Domain::constant), emitting code.
    fn constant(&mut self, v: Value) -> SValue;
    /// [`Domain::int_constant`](crate::exec::Domain::int_constant), emitting code.
    fn int_constant(&mut self, v: i64) -> SInt;
    /// [`Domain::bool_constant`](crate::exec::Domain::bool_constant), emitting code.
    fn bool_constant(&mut self, v: bool) -> SBool;
    /// [`Domain::box_int`](crate::exec::Domain::box_int), emitting code.
    fn box_int(&mut self, v: SInt) -> SValue;
    /// [`Domain::box_bool`](crate::exec::Domain::box_bool), emitting code.
    fn box_bool(&mut self, v: SBool) -> SValue;
    /// [`Domain::has_tag`](crate::exec::Domain::has_tag), emitting code.
    fn has_tag(&mut self, v: SValue, tag: Tag) -> SBool;
    /// [`Domain::unbox_int`](crate::exec::Domain::unbox_int), emitting code.
    fn unbox_int(&mut self, v: SValue) -> SInt;
    /// [`Domain::unbox_bool`](crate::exec::Domain::unbox_bool), emitting code.
    fn unbox_bool(&mut self, v: SValue) -> SBool;
    /// [`Domain::same`](crate::exec::Domain::same), emitting code.
    fn same(&mut self, a: SValue, b: SValue) -> SBool;
    /// [`Domain::int_op_checked`](crate::exec::Domain::int_op_checked), emitting code.
    fn int_op_checked(&mut self, op: IntOp, a: SInt, b: SInt) -> (SInt, SBool);
    /// [`Domain::int_compare`](crate::exec::Domain::int_compare), emitting code.
    fn int_compare(&mut self, cmp: IntCmp, a: SInt, b: SInt) -> SBool;
    /// [`Domain::float_constant`](crate::exec::Domain::float_constant), emitting code.
    fn float_constant(&mut self, v: f64) -> SFloat;
    /// [`Domain::box_double`](crate::exec::Domain::box_double), emitting code.
    fn box_double(&mut self, v: SFloat) -> SValue;
    /// [`Domain::unbox_double`](crate::exec::Domain::unbox_double), emitting code.
    fn unbox_double(&mut self, v: SValue) -> SFloat;
    /// [`Domain::float_op`](crate::exec::Domain::float_op), emitting code.
    fn float_op(&mut self, op: FloatOp, a: SFloat, b: SFloat) -> SFloat;
    /// [`Domain::float_compare`](crate::exec::Domain::float_compare), emitting code.
    fn float_compare(&mut self, cmp: FloatCmp, a: SFloat, b: SFloat) -> SBool;
    /// [`Domain::int_to_float`](crate::exec::Domain::int_to_float), emitting code.
    fn int_to_float(&mut self, i: SInt) -> SFloat;
    /// [`Domain::not`](crate::exec::Domain::not), emitting code.
    fn not(&mut self, b: SBool) -> SBool;
    /// [`Domain::and`](crate::exec::Domain::and), emitting code.
    fn and(&mut self, a: SBool, b: SBool) -> SBool;
    /// [`Domain::or`](crate::exec::Domain::or), emitting code.
    fn or(&mut self, a: SBool, b: SBool) -> SBool;

    /// Emits `if !cond goto <innermost guard target>`.
    fn guard(&mut self, cond: SBool);
    /// Creates a fallback block and makes it the target of subsequent guards.
    fn push_guard_target(&mut self);
    /// Pops the innermost guard target and continues emitting in it. Returns whether any
    /// guard branches to it: when none does (every guard folded), it is unreachable and the
    /// code is in a block without predecessors.
    fn pop_guard_target(&mut self) -> bool;
    /// A new join point receiving one guest value.
    fn merge_point(&mut self) -> MergePoint;
    /// Ends the current block with a jump to `m` carrying `v`.
    fn jump_to_merge(&mut self, m: MergePoint, v: SValue);
    /// Continues emitting at `m`; returns the value that arrives there.
    fn enter_merge(&mut self, m: MergePoint) -> SValue;

    /// Starts a two-way branch on `cond`: ends the current block with a conditional branch
    /// and continues in the `then` side. A never-taken side (per `profile`) is laid out cold.
    fn branch_begin(&mut self, cond: SBool, profile: &ConditionProfile) -> Region;
    /// Ends the `then` side (jumping to the join with `value`, if the region carries one)
    /// and continues in the `else` side.
    fn branch_else(&mut self, region: Region, value: Option<SValue>);
    /// Ends the `else` side and continues at the join; returns the joined value, if any.
    fn branch_end(&mut self, region: Region, value: Option<SValue>) -> Option<SValue>;
    /// Starts a loop: continues in the loop header, where the condition is emitted.
    fn loop_begin(&mut self, osr: &OsrPoint) -> Region;
    /// Ends the condition: exits the loop when `cond` is false, else continues in the body.
    fn loop_body(&mut self, region: Region, cond: SBool);
    /// Ends the body with the back edge and continues after the loop.
    fn loop_end(&mut self, region: Region);
    /// Starts the body of a `catch_transfer` of `target`: until [`CompileDomain::catch_end`],
    /// a [`CompileDomain::jump_to_catch`] to `target` jumps to the catch's end, and an error
    /// leaving the activation (or an activation inlined into it) first checks whether it is a
    /// transfer to `target`, which the catch takes: its value goes to the catch's end too.
    /// Pushes the region's path step.
    fn catch_begin(&mut self, target: SValue);
    /// Ends the innermost `catch_begin`, whose body completed with `value`: continues at the
    /// catch's end, where the body's value and those of the transfers it caught meet; returns
    /// that value.
    fn catch_end(&mut self, value: SValue) -> SValue;
    /// A non-local transfer to `target` with `value`, made inside the unit: jumps to the
    /// innermost open `catch_begin` of the unit (of this activation or of one it is inlined
    /// into) whose target is `target` — directly where that is known while compiling (both
    /// are the same virtual object), behind a compare where it may be. Returns whether every
    /// path jumped; otherwise the code continues where `target` is none of them (the transfer
    /// then leaves the unit as an error).
    fn jump_to_catch(&mut self, target: SValue, value: SValue) -> bool;
    /// Starts a region that `return_value` leaves.
    fn return_region_begin(&mut self) -> Region;
    /// Ends the region: falls through with `value`; returns the value the region produced.
    fn return_region_end(&mut self, region: Region, value: SValue) -> SValue;
    /// [`Domain::break_loop`](crate::exec::Domain::break_loop), emitting code.
    fn break_loop(&mut self) -> Result<(), Bailout>;
    /// [`Domain::continue_loop`](crate::exec::Domain::continue_loop), emitting code.
    fn continue_loop(&mut self) -> Result<(), Bailout>;
    /// [`Domain::return_value`](crate::exec::Domain::return_value), emitting code.
    fn return_value(&mut self, v: SValue) -> Result<(), Bailout>;

    /// [`Domain::read_local`](crate::exec::Domain::read_local), emitting code.
    fn read_local(&mut self, slot: FrameSlot) -> SValue;
    /// [`Domain::write_local`](crate::exec::Domain::write_local), emitting code.
    fn write_local(&mut self, slot: FrameSlot, v: SValue);
    /// [`Domain::argument`](crate::exec::Domain::argument), emitting code.
    fn argument(&mut self, index: usize) -> SValue;
    /// [`Domain::call_function`](crate::exec::Domain::call_function), emitting code.
    fn call_function(&mut self, function: FunctionRef, args: &[SValue]) -> Result<SValue, Bailout>;
    /// [`Domain::call_function_value`](crate::exec::Domain::call_function_value), emitting code.
    fn call_function_value(&mut self, function: SValue, args: &[SValue]) -> Result<SValue, Bailout>;
    /// [`Domain::shape_of`](crate::exec::Domain::shape_of), emitting code.
    fn shape_of(&mut self, object: SValue) -> SInt;
    /// [`Domain::load_slot`](crate::exec::Domain::load_slot), emitting code.
    fn load_slot(&mut self, object: SValue, location: Location) -> SValue;
    /// [`Domain::store_slot`](crate::exec::Domain::store_slot), emitting code.
    fn store_slot(&mut self, object: SValue, location: Location, v: SValue);
    /// [`Domain::set_shape`](crate::exec::Domain::set_shape), emitting code.
    fn set_shape(&mut self, object: SValue, shape: ShapeRef);
    /// [`Domain::new_object`](crate::exec::Domain::new_object), emitting code.
    fn new_object(&mut self, shape: ShapeRef) -> SValue;
    /// [`Domain::element_count`](crate::exec::Domain::element_count), emitting code.
    fn element_count(&mut self, object: SValue) -> SInt;
    /// [`Domain::load_element`](crate::exec::Domain::load_element), emitting code.
    fn load_element(&mut self, object: SValue, index: SInt) -> SValue;
    /// [`Domain::store_element`](crate::exec::Domain::store_element), emitting code.
    fn store_element(&mut self, object: SValue, index: SInt, v: SValue);
    /// [`Domain::element_capacity`](crate::exec::Domain::element_capacity), emitting code.
    fn element_capacity(&mut self, object: SValue) -> SInt;
    /// [`Domain::extension_capacity`](crate::exec::Domain::extension_capacity), emitting code.
    fn extension_capacity(&mut self, object: SValue) -> SInt;
    /// [`Domain::set_element_count`](crate::exec::Domain::set_element_count), emitting code.
    fn set_element_count(&mut self, object: SValue, count: SInt);
    /// Emits an out-of-line call of `f`. The backend keeps `f` alive as long as the code; `f`
    /// borrows at most a node of the tree being compiled (see [`Domain::boundary`]).
    fn boundary<'b>(&mut self, f: Box<BoundaryFn<'b>>, args: &[SValue]) -> Result<SValue, Bailout>;
    /// Counts a node for the compile budget; fails when the tree is too large to compile.
    fn count_node(&mut self) -> Result<(), Bailout>;

    /// The length of the *path*: the steps from the unit's root to the current point that a
    /// transfer to the interpreter records (see [`crate::exec::resume`]).
    fn path_len(&self) -> usize;
    /// Drops the steps past `len` (a child completed, a branch side closed).
    fn path_truncate(&mut self, len: usize);
    /// Appends a step to the path.
    fn path_push(&mut self, step: PathStep);
    /// The value of `cond` if it is known while compiling (a constant, or folded from
    /// constants, e.g. a tag test of a value whose tag a guard established): a branch on it
    /// emits only the side taken.
    fn known_condition(&self, cond: SBool) -> Option<bool>;
    /// A value for code that follows a transfer to the interpreter on the same path, which
    /// never runs: emits nothing, so the path stays ended (a branch side that transferred
    /// does not reach its join).
    fn unreachable_value(&mut self) -> SValue;
    /// Emits a transfer to the interpreter at the current point: the frames and the path are
    /// recorded and compiled code leaves; the current block ends. `reason` names what failed.
    fn transfer(&mut self, reason: String);
}

/// A step of the compile-time path, with the IR values a resumption needs (see
/// [`Step`](crate::exec::resume::Step), its run-time form).
#[derive(Clone, Copy, Debug)]
pub enum PathStep {
    /// See [`Step::Value`](crate::exec::resume::Step::Value): the value to hand over.
    Value(SValue),
    /// See [`Step::Int`](crate::exec::resume::Step::Int): the word to hand over.
    Int(SInt),
    /// See [`Step::Node`](crate::exec::resume::Step::Node).
    Node,
    /// See [`Step::Branch`](crate::exec::resume::Step::Branch).
    Branch(bool),
    /// See [`Step::LoopCondition`](crate::exec::resume::Step::LoopCondition).
    LoopCondition,
    /// See [`Step::LoopBody`](crate::exec::resume::Step::LoopBody).
    LoopBody,
    /// See [`Step::Region`](crate::exec::resume::Step::Region).
    Region,
    /// See [`Step::Specialization`](crate::exec::resume::Step::Specialization).
    Specialization(u8),
    /// See [`Step::Call`](crate::exec::resume::Step::Call).
    Call,
    /// See [`Step::Done`](crate::exec::resume::Step::Done).
    Done,
}

impl Domain for dyn CompileDomain + '_ {
    type Value = SValue;
    type Int = SInt;
    type Float = SFloat;
    type Bool = SBool;
    type Abrupt = Bailout;

    fn execute(&mut self, node: &dyn Node) -> Result<SValue, Bailout> {
        self.count_node()?;
        let mark = self.path_len();
        self.path_push(PathStep::Node);
        let v = node.execute_compiled(self)?;
        self.completed(mark, PathStep::Value(v));
        Ok(v)
    }
    fn constant(&mut self, v: Value) -> SValue {
        CompileDomain::constant(self, v)
    }
    fn int_constant(&mut self, v: i64) -> SInt {
        CompileDomain::int_constant(self, v)
    }
    fn bool_constant(&mut self, v: bool) -> SBool {
        CompileDomain::bool_constant(self, v)
    }
    fn box_int(&mut self, v: SInt) -> SValue {
        CompileDomain::box_int(self, v)
    }
    fn box_bool(&mut self, v: SBool) -> SValue {
        CompileDomain::box_bool(self, v)
    }
    fn has_tag(&mut self, v: SValue, tag: Tag) -> SBool {
        CompileDomain::has_tag(self, v, tag)
    }
    fn unbox_int(&mut self, v: SValue) -> SInt {
        CompileDomain::unbox_int(self, v)
    }
    fn unbox_bool(&mut self, v: SValue) -> SBool {
        CompileDomain::unbox_bool(self, v)
    }
    fn same(&mut self, a: SValue, b: SValue) -> SBool {
        CompileDomain::same(self, a, b)
    }
    fn int_op_checked(&mut self, op: IntOp, a: SInt, b: SInt) -> (SInt, SBool) {
        CompileDomain::int_op_checked(self, op, a, b)
    }
    fn int_compare(&mut self, cmp: IntCmp, a: SInt, b: SInt) -> SBool {
        CompileDomain::int_compare(self, cmp, a, b)
    }
    fn float_constant(&mut self, v: f64) -> SFloat {
        CompileDomain::float_constant(self, v)
    }
    fn box_double(&mut self, v: SFloat) -> SValue {
        CompileDomain::box_double(self, v)
    }
    fn unbox_double(&mut self, v: SValue) -> SFloat {
        CompileDomain::unbox_double(self, v)
    }
    fn float_op(&mut self, op: FloatOp, a: SFloat, b: SFloat) -> SFloat {
        CompileDomain::float_op(self, op, a, b)
    }
    fn float_compare(&mut self, cmp: FloatCmp, a: SFloat, b: SFloat) -> SBool {
        CompileDomain::float_compare(self, cmp, a, b)
    }
    fn int_to_float(&mut self, i: SInt) -> SFloat {
        CompileDomain::int_to_float(self, i)
    }
    fn not(&mut self, b: SBool) -> SBool {
        CompileDomain::not(self, b)
    }
    fn and(&mut self, a: SBool, b: SBool) -> SBool {
        CompileDomain::and(self, a, b)
    }
    fn or(&mut self, a: SBool, b: SBool) -> SBool {
        CompileDomain::or(self, a, b)
    }
    fn guard(&mut self, cond: SBool) -> Result<(), Miss<Bailout>> {
        CompileDomain::guard(self, cond);
        Ok(())
    }
    fn specialized<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [SValue; A],
    ) -> Result<SValue, Bailout> {
        let mark = self.path_len();
        let v = specialization::compile(node, self, operands)?;
        self.completed(mark, PathStep::Value(v));
        Ok(v)
    }
    fn transfer_to_interpreter(
        &mut self,
        reason: &dyn Fn() -> String,
        _slow: impl FnOnce(&mut Self) -> Result<SValue, Bailout>,
    ) -> Result<SValue, Bailout> {
        self.transfer(reason());
        Ok(self.unreachable_value())
    }
    fn if_then_else(
        &mut self,
        cond: SBool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<(), Bailout>,
        mut else_branch: impl FnMut(&mut Self) -> Result<(), Bailout>,
    ) -> Result<(), Bailout> {
        let mark = self.path_len();
        if let Some(taken) = self.known_condition(cond) {
            self.path_push(PathStep::Branch(taken));
            if taken {
                then_branch(self)?;
            } else {
                else_branch(self)?;
            }
            self.completed(mark, PathStep::Done);
            return Ok(());
        }
        let r = self.branch_begin(cond, profile);
        self.path_push(PathStep::Branch(true));
        then_branch(self)?;
        self.path_truncate(mark);
        self.branch_else(r, None);
        self.path_push(PathStep::Branch(false));
        else_branch(self)?;
        self.path_truncate(mark);
        self.branch_end(r, None);
        self.path_push(PathStep::Done);
        Ok(())
    }
    fn choose(
        &mut self,
        cond: SBool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<SValue, Bailout>,
        mut else_branch: impl FnMut(&mut Self) -> Result<SValue, Bailout>,
    ) -> Result<SValue, Bailout> {
        let mark = self.path_len();
        if let Some(taken) = self.known_condition(cond) {
            self.path_push(PathStep::Branch(taken));
            let v = if taken { then_branch(self)? } else { else_branch(self)? };
            self.completed(mark, PathStep::Value(v));
            return Ok(v);
        }
        let r = self.branch_begin(cond, profile);
        self.path_push(PathStep::Branch(true));
        let t = then_branch(self)?;
        self.path_truncate(mark);
        self.branch_else(r, Some(t));
        self.path_push(PathStep::Branch(false));
        let e = else_branch(self)?;
        self.path_truncate(mark);
        let v = self.branch_end(r, Some(e)).ok_or_else(|| Bailout::invariant("branch lost its value"))?;
        self.path_push(PathStep::Value(v));
        Ok(v)
    }
    fn repeat(
        &mut self,
        _loop_node: &dyn Node,
        osr: &OsrPoint,
        mut cond: impl FnMut(&mut Self) -> Result<SBool, Bailout>,
        mut body: impl FnMut(&mut Self) -> Result<(), Bailout>,
    ) -> Result<(), Bailout> {
        let mark = self.path_len();
        let r = self.loop_begin(osr);
        self.path_push(PathStep::LoopCondition);
        let c = cond(self)?;
        self.path_truncate(mark);
        self.loop_body(r, c);
        self.path_push(PathStep::LoopBody);
        body(self)?;
        self.path_truncate(mark);
        self.loop_end(r);
        self.path_push(PathStep::Done);
        Ok(())
    }
    fn break_loop(&mut self) -> Result<(), Bailout> {
        CompileDomain::break_loop(self)
    }
    fn continue_loop(&mut self) -> Result<(), Bailout> {
        CompileDomain::continue_loop(self)
    }
    fn return_value(&mut self, v: SValue) -> Result<(), Bailout> {
        CompileDomain::return_value(self, v)
    }
    /// The body, compiled; a transfer to `target` inside the unit jumps to its end, one
    /// arriving from a call in it is taken there (see [`CompileDomain::catch_begin`]).
    fn catch_transfer(
        &mut self,
        target: SValue,
        mut body: impl FnMut(&mut Self) -> Result<SValue, Bailout>,
    ) -> Result<SValue, Bailout> {
        let mark = self.path_len();
        self.catch_begin(target);
        let v = body(self)?;
        let v = self.catch_end(v);
        self.completed(mark, PathStep::Value(v));
        Ok(v)
    }

    /// A transfer to a catch of the unit is a jump (see [`CompileDomain::jump_to_catch`]);
    /// any other leaves through the boundary that starts it, as in the interpreter.
    fn transfer<N: ?Sized + 'static>(
        &mut self,
        node: &N,
        target: SValue,
        value: SValue,
    ) -> Result<SValue, Bailout> {
        if self.jump_to_catch(target, value) {
            return Ok(self.unreachable_value());
        }
        let start = |_: &N, interp: &mut Interp<'_>, v: &[Value]| Err(interp.ctx.start_transfer(v[0], v[1]));
        Domain::boundary(self, node, start, &[target, value])
    }

    fn catch_return(
        &mut self,
        mut body: impl FnMut(&mut Self) -> Result<SValue, Bailout>,
    ) -> Result<SValue, Bailout> {
        let mark = self.path_len();
        let r = self.return_region_begin();
        self.path_push(PathStep::Region);
        let v = body(self)?;
        let v = self.return_region_end(r, v);
        self.completed(mark, PathStep::Value(v));
        Ok(v)
    }
    fn read_local(&mut self, slot: FrameSlot) -> SValue {
        let v = CompileDomain::read_local(self, slot);
        self.path_push(PathStep::Value(v));
        v
    }
    fn write_local(&mut self, slot: FrameSlot, v: SValue) {
        CompileDomain::write_local(self, slot, v)
    }
    fn argument(&mut self, index: usize) -> SValue {
        let v = CompileDomain::argument(self, index);
        self.path_push(PathStep::Value(v));
        v
    }
    fn call_function(&mut self, function: FunctionRef, args: &[SValue]) -> Result<SValue, Bailout> {
        // An inlined call pushes `Call` and its callee's path while its body is emitted.
        let mark = self.path_len();
        let v = CompileDomain::call_function(self, function, args)?;
        self.completed(mark, PathStep::Value(v));
        Ok(v)
    }
    fn call_function_value(&mut self, function: SValue, args: &[SValue]) -> Result<SValue, Bailout> {
        let v = CompileDomain::call_function_value(self, function, args)?;
        self.path_push(PathStep::Value(v));
        Ok(v)
    }
    fn shape_of(&mut self, object: SValue) -> SInt {
        let v = CompileDomain::shape_of(self, object);
        self.path_push(PathStep::Int(v));
        v
    }
    fn load_slot(&mut self, object: SValue, location: Location) -> SValue {
        let v = CompileDomain::load_slot(self, object, location);
        self.path_push(PathStep::Value(v));
        v
    }
    fn store_slot(&mut self, object: SValue, location: Location, v: SValue) {
        CompileDomain::store_slot(self, object, location, v)
    }
    fn set_shape(&mut self, object: SValue, shape: ShapeRef) {
        CompileDomain::set_shape(self, object, shape)
    }
    fn new_object(&mut self, shape: ShapeRef) -> SValue {
        let v = CompileDomain::new_object(self, shape);
        self.path_push(PathStep::Value(v));
        v
    }
    fn element_count(&mut self, object: SValue) -> SInt {
        let v = CompileDomain::element_count(self, object);
        self.path_push(PathStep::Int(v));
        v
    }
    fn load_element(&mut self, object: SValue, index: SInt) -> SValue {
        let v = CompileDomain::load_element(self, object, index);
        self.path_push(PathStep::Value(v));
        v
    }
    fn store_element(&mut self, object: SValue, index: SInt, v: SValue) {
        CompileDomain::store_element(self, object, index, v)
    }
    fn element_capacity(&mut self, object: SValue) -> SInt {
        let v = CompileDomain::element_capacity(self, object);
        self.path_push(PathStep::Int(v));
        v
    }
    fn extension_capacity(&mut self, object: SValue) -> SInt {
        let v = CompileDomain::extension_capacity(self, object);
        self.path_push(PathStep::Int(v));
        v
    }
    fn set_element_count(&mut self, object: SValue, count: SInt) {
        CompileDomain::set_element_count(self, object, count)
    }
    fn boundary<N, F>(&mut self, node: &N, f: F, args: &[SValue]) -> Result<SValue, Bailout>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'static,
    {
        // The boxed closure borrows `node` and nothing else (`F: 'static`).
        let call: Box<BoundaryFn<'_>> =
            Box::new(move |interp: &mut Interp<'_>, vals: &[Value]| f(node, interp, vals));
        let v = CompileDomain::boundary(self, call, args)?;
        self.path_push(PathStep::Value(v));
        Ok(v)
    }
}

impl dyn CompileDomain + '_ {
    /// An operation that began at path length `mark` completed with `step`: its inner steps
    /// collapse into it.
    fn completed(&mut self, mark: usize, step: PathStep) {
        self.path_truncate(mark);
        self.path_push(step);
    }
}
