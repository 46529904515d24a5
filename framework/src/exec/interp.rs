//! The interpreter instance of the execution domain.

use super::{Domain, FloatCmp, FloatOp, IntCmp, IntOp, Miss};
use crate::call::CallTarget;
use crate::context::{Activation, ExecContext, Linked};
use crate::error::GuestError;
use crate::frame::{Frame, FrameSlot};
use crate::function::FunctionRef;
use crate::inline_cache::{CacheEntries, CacheEntry};
use crate::node::{Child, LeafCode, Node};
use crate::object::{DynamicObject, Location, ShapeRef};
use crate::osr::OsrPoint;
use crate::profile::ConditionProfile;
use crate::specialization::{self, Specialize};
use crate::value::{BoolWord, Tag, Value};
use std::marker::PhantomData;

/// Why interpreted execution of a node did not complete normally: a `break`, `continue` or
/// `return` unwinding to its loop or function, or a guest error unwinding to the caller.
///
/// Zero-sized: which of them it is — with the returned value or the error — is held by the
/// [`Interp`] that unwinds ([`Interp::throw`] records an error), and read by the loop,
/// function or call that stops the unwind. So `Result<Value, Unwind>` is the 16 bytes of a
/// [`Value`] (an `Err` is a tag no value has) and comes back from a node in two registers
/// (see [`Node::execute_interp`]), and a specialization's `Result<Value, Miss<Unwind>>` is no
/// bigger. The same convention as compiled code's, whose failed calls return an error tag
/// with the error pending in the context.
#[derive(Debug)]
pub struct Unwind(());

/// The abrupt completion an [`Unwind`] carries out.
///
/// `Copy`, so that setting it is a plain store: the error of [`Control::Error`] is pending in
/// the [`ExecContext`] (as compiled code's errors are), written only by the cold path that
/// throws.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Control {
    Break,
    Continue,
    /// A `return` of the value.
    Return(Value),
    /// A guest error (pending in the context), propagating to the caller.
    Error,
}

/// The interpreter's loop, for the interpreter and for a resumption gone live (`interp`
/// reaches the [`Interp`] a domain forwards to): counts back edges on `osr` and, past the
/// engine's threshold, runs the rest of the loop compiled (on-stack replacement, on the same
/// frame); `break` stops the loop, `continue` goes on, a `return` or an error propagates.
#[inline(always)]
pub(crate) fn interpret_loop<'a, D: ?Sized>(
    d: &mut D,
    interp: impl Fn(&mut D) -> &mut Interp<'a>,
    loop_node: &dyn Node,
    osr: &OsrPoint,
    cond: &mut impl FnMut(&mut D) -> Result<bool, Unwind>,
    body: &mut impl FnMut(&mut D) -> Result<(), Unwind>,
) -> Result<(), Unwind> {
    let threshold = interp(d).ctx.engine().osr_threshold();
    loop {
        if osr.is_hot_for(threshold) {
            if let Some(exit) = osr.enter(interp(d), loop_node) {
                return exit;
            }
        }
        if !cond(d)? {
            return Ok(());
        }
        let r = body(d);
        if !interp(d).loop_goes_on(r)? {
            return Ok(());
        }
        osr.count_back_edge();
    }
}

/// The interpreter: executes nodes on concrete values in a [`Frame`].
///
/// It holds the activation's record ([`Activation`]: parent, call target, slot memory,
/// assigned words), which the call running the activation links in the context
/// (`Interp::link`): the target and the frame's memory are written once per call, for the
/// interpreter and for stack walks alike.
pub struct Interp<'a> {
    /// The activation's record; its slot and assigned pointers are the frame's.
    record: Activation,
    /// The execution context: engine, call depth, activation records.
    pub ctx: &'a ExecContext,
    /// Number of slots at `record.slots`.
    slot_count: usize,
    /// Number of words at `record.assigned`.
    assigned_words: usize,
    /// The call's arguments.
    args: &'a [Value],
    /// What the [`Unwind`] in flight carries out (meaningless otherwise): set by
    /// [`Domain::break_loop`], [`Domain::continue_loop`], [`Domain::return_value`] and
    /// [`Interp::throw`], read by the loop ([`Domain::repeat`]), function
    /// ([`Domain::catch_return`], [`Interp::complete`]) or call that stops the unwind.
    pub(crate) control: Control,
    /// The frame's memory is borrowed exclusively for `'a`.
    frame: PhantomData<&'a mut [Value]>,
}

impl<'a> Interp<'a> {
    /// An interpreter for an activation of `target` in `frame` (borrowed for the
    /// interpreter's life). Its record's parent is the context's innermost activation now;
    /// the call that runs the activation links the record for stack walks to see it.
    #[inline(always)]
    pub fn new(ctx: &'a ExecContext, target: &'static CallTarget, frame: &'a mut Frame<'a>) -> Interp<'a> {
        Interp {
            record: Activation::new(
                ctx.top_activation(),
                target,
                frame.slots.as_mut_ptr(),
                frame.assigned.as_mut_ptr(),
            ),
            ctx,
            slot_count: frame.slots.len(),
            assigned_words: frame.assigned.len(),
            args: frame.args,
            control: Control::Break,
            frame: PhantomData,
        }
    }

    /// Links the interpreter's record as the context's innermost activation, until the
    /// returned guard drops.
    ///
    /// # Safety
    /// The interpreter must stay in place, and alive, until the guard drops (it is a local of
    /// the call that runs the activation, and the guard is dropped before it).
    #[inline(always)]
    pub(crate) unsafe fn link(&self) -> Linked<'a> {
        // SAFETY: the record lives in `self`, which the caller keeps in place while the guard
        // lives.
        unsafe { self.ctx.link_raw(&self.record) }
    }

    /// The call target whose activation this is.
    #[inline(always)]
    pub fn target(&self) -> &'static CallTarget {
        // SAFETY: set from a `&'static CallTarget` in `new`.
        unsafe { &*self.record.own_target() }
    }

    /// The activation's frame (its slots, assigned words and arguments).
    #[inline(always)]
    pub fn frame(&mut self) -> Frame<'_> {
        // SAFETY: the pointers and lengths are those of the frame borrowed exclusively for
        // `'a` in `new`; `&mut self` makes this the only view of it.
        unsafe {
            Frame {
                slots: std::slice::from_raw_parts_mut(self.record.own_slots(), self.slot_count),
                assigned: std::slice::from_raw_parts_mut(self.record.own_assigned(), self.assigned_words),
                args: self.args,
            }
        }
    }

    /// Unwinds with `control`.
    #[inline]
    pub(crate) fn unwind(&mut self, control: Control) -> Unwind {
        self.control = control;
        Unwind(())
    }

    /// Unwinds with the guest error `e`: the way a node, a boundary or a fallback that holds
    /// the interpreter fails.
    #[cold]
    pub fn throw(&mut self, e: GuestError) -> Unwind {
        self.ctx.set_pending_error(e);
        self.unwind(Control::Error)
    }

    /// The error of the [`Control::Error`] in flight, taken.
    #[cold]
    fn take_error(&mut self) -> GuestError {
        self.ctx.take_pending_error()
    }

    /// The guest error that `unwind` carries, taken out of the interpreter: for code that
    /// ends an interpreted unwind with a `Result<_, GuestError>` (a boundary running the
    /// interpreter's slow path). A `break`, `continue` or `return` that reaches such code
    /// escaped its loop or function: an internal error.
    pub fn error_of(&mut self, unwind: Unwind) -> GuestError {
        let Unwind(()) = unwind;
        match self.control {
            Control::Error => self.take_error(),
            other => GuestError::new(format!("internal error: {other:?} escaped to a boundary")),
        }
    }

    /// Whether a loop goes on after a body that completed with `r` (`continue` included), or
    /// stops (`break`); a `return` or an error propagates.
    #[inline(always)]
    pub(crate) fn loop_goes_on(&self, r: Result<(), Unwind>) -> Result<bool, Unwind> {
        match r {
            Ok(()) => Ok(true),
            Err(u) => match self.control {
                Control::Continue => Ok(true),
                Control::Break => Ok(false),
                Control::Return(_) | Control::Error => Err(u),
            },
        }
    }

    /// The result of the activation whose body completed with `result`: its value, or the
    /// value of the `return` that ended it, or its error.
    #[inline]
    pub(crate) fn complete(&mut self, result: Result<Value, Unwind>) -> Result<Value, GuestError> {
        match result {
            Ok(v) => Ok(v),
            Err(_) => match self.control {
                Control::Return(v) => Ok(v),
                Control::Error => Err(self.take_error()),
                Control::Break | Control::Continue => {
                    Err(GuestError::new("internal error: break or continue escaped its loop"))
                }
            },
        }
    }

    /// Records that a node of the current tree changed its specialization: the code
    /// compiled for the tree (or inlining it) no longer matches it and is invalidated. See
    /// [`CallTarget::report_rewrite`].
    pub fn report_rewrite(&self) {
        self.target().report_rewrite();
    }

    /// Calls `function` with concrete arguments (for boundaries that call back into guest code).
    pub fn call(&mut self, function: FunctionRef, args: &[Value]) -> Result<Value, GuestError> {
        function.call(self.ctx, args)
    }
}

impl Domain for Interp<'_> {
    type Value = Value;
    type Int = i64;
    type Float = f64;
    type Bool = bool;
    type Abrupt = Unwind;

    #[inline]
    fn execute(&mut self, node: &dyn Node) -> Result<Value, Unwind> {
        node.execute_interp(self)
    }

    /// A leaf's operation in place of a call of its node (the node's `execute` is exactly
    /// that operation).
    #[inline]
    fn execute_child(&mut self, child: &Child) -> Result<Value, Unwind> {
        // Tests, not a jump table: each site mostly sees one kind, which the branch
        // predictor learns per test; each test is one compare of the code's tag word.
        let code = child.leaf_code();
        let tag = code.tag();
        if tag == LeafCode::LOCAL {
            Ok(self.read_local(FrameSlot(code.index() as u32)))
        } else if tag <= LeafCode::MAX_CONSTANT {
            Ok(code.constant())
        } else if tag == LeafCode::ARGUMENT {
            Ok(self.argument(code.index() as usize))
        } else {
            child.node().execute_interp(self)
        }
    }

    #[inline]
    fn constant(&mut self, v: Value) -> Value {
        v
    }

    #[inline]
    fn int_constant(&mut self, v: i64) -> i64 {
        v
    }

    #[inline]
    fn bool_constant(&mut self, v: bool) -> bool {
        v
    }

    #[inline]
    fn box_int(&mut self, v: i64) -> Value {
        Value::Int(v)
    }

    #[inline]
    fn box_bool(&mut self, v: bool) -> Value {
        Value::from_bool(v)
    }

    #[inline]
    fn has_tag(&mut self, v: Value, tag: Tag) -> bool {
        v.tag() == tag
    }

    #[inline]
    fn unbox_int(&mut self, v: Value) -> i64 {
        match v {
            Value::Int(i) => i,
            _ => 0,
        }
    }

    #[inline]
    fn unbox_bool(&mut self, v: Value) -> bool {
        matches!(v, Value::Bool(BoolWord::True))
    }

    #[inline]
    fn same(&mut self, a: Value, b: Value) -> bool {
        a.same(&b)
    }

    #[inline]
    fn int_op_checked(&mut self, op: IntOp, a: i64, b: i64) -> (i64, bool) {
        match op {
            IntOp::Add => a.overflowing_add(b),
            IntOp::Sub => a.overflowing_sub(b),
            IntOp::Mul => a.overflowing_mul(b),
            IntOp::Div => match a.checked_div(b) {
                Some(q) => (q, false),
                None => (0, true),
            },
            IntOp::Mod if b == 0 => (0, true),
            IntOp::Mod => {
                let r = a.wrapping_rem(b);
                (if r != 0 && (r ^ b) < 0 { r + b } else { r }, false)
            }
            IntOp::BitAnd => (a & b, false),
            IntOp::BitXor => (a ^ b, false),
        }
    }

    /// Without a jump table (a comparison whose operator is node state, e.g. SL's `<`, is
    /// matched at run time): the signed outcome `a < b`, `a == b` or `a > b` as one of three
    /// bits, tested against the set of outcomes for which `cmp` holds, read from a table.
    #[inline]
    fn int_compare(&mut self, cmp: IntCmp, a: i64, b: i64) -> bool {
        const LT: u8 = 0b100;
        const EQ: u8 = 0b010;
        const GT: u8 = 0b001;
        /// The outcomes for which each comparison holds, by `IntCmp` discriminant.
        const HOLDS_FOR: [u8; 7] = {
            let mut t = [0; 7];
            t[IntCmp::Eq as usize] = EQ;
            t[IntCmp::Ne as usize] = LT | GT;
            t[IntCmp::Lt as usize] = LT;
            t[IntCmp::Le as usize] = LT | EQ;
            t[IntCmp::Gt as usize] = GT;
            t[IntCmp::Ge as usize] = GT | EQ;
            t
        };
        if cmp == IntCmp::ULt {
            return (a as u64) < (b as u64);
        }
        let outcome = (u8::from(a < b) << 2) | (u8::from(a == b) << 1) | u8::from(a > b);
        HOLDS_FOR[cmp as usize] & outcome != 0
    }

    #[inline]
    fn float_constant(&mut self, v: f64) -> f64 {
        v
    }

    #[inline]
    fn box_double(&mut self, v: f64) -> Value {
        Value::from_f64(v)
    }

    #[inline]
    fn unbox_double(&mut self, v: Value) -> f64 {
        v.as_f64().unwrap_or(0.0)
    }

    #[inline]
    fn float_op(&mut self, op: FloatOp, a: f64, b: f64) -> f64 {
        op.apply(a, b)
    }

    #[inline]
    fn float_compare(&mut self, cmp: FloatCmp, a: f64, b: f64) -> bool {
        cmp.holds(a, b)
    }

    #[inline]
    fn int_to_float(&mut self, i: i64) -> f64 {
        i as f64
    }

    #[inline]
    fn not(&mut self, b: bool) -> bool {
        !b
    }

    #[inline]
    fn and(&mut self, a: bool, b: bool) -> bool {
        a & b
    }

    #[inline]
    fn or(&mut self, a: bool, b: bool) -> bool {
        a | b
    }

    #[inline]
    fn guard(&mut self, cond: bool) -> Result<(), Miss<Unwind>> {
        if cond {
            Ok(())
        } else {
            Err(Miss::Guard)
        }
    }

    #[inline]
    fn transfer_to_interpreter(
        &mut self,
        _reason: &dyn Fn() -> String,
        slow: impl FnOnce(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        slow(self)
    }

    /// The chain as a loop over the entries in place: the same guards and profile updates as
    /// the default's nested `choose`s, without collecting the entries or recursing.
    ///
    /// Always inlined: the call of an out-of-line dispatch, with its closures' environments
    /// built in memory, costs more than its entry tests on every call site that hits.
    #[inline(always)]
    fn dispatch_cached<E, G, H, M>(
        &mut self,
        entries: CacheEntries<'_, E>,
        profile: &ConditionProfile,
        guard: &G,
        hit: &mut H,
        miss: &mut M,
    ) -> Result<Value, Unwind>
    where
        E: CacheEntry,
        G: Fn(&mut Self, &E) -> bool,
        H: FnMut(&mut Self, E) -> Result<Value, Unwind>,
        M: FnMut(&mut Self) -> Result<Value, Unwind>,
    {
        for entry in entries.iter() {
            let matches = guard(self, &entry);
            if profile.profile(matches) {
                return hit(self, entry);
            }
        }
        miss(self)
    }

    #[inline]
    fn specialized<N: Specialize<A>, const A: usize>(
        &mut self,
        node: &N,
        operands: [Value; A],
    ) -> Result<Value, Unwind> {
        // The first specialization (the most specific) on its own when it is active: a hit
        // returns its value straight from the inlined body, not through the result slot the
        // other bodies share. On a guard miss the usual order runs, from the first
        // specialization (whose guards fail again: guards have no effects).
        if node.specialization_state().active_bits() & 1 != 0 {
            if let Some(first) = N::SPECIALIZATIONS.first() {
                match (first.interp)(node, self, operands) {
                    Ok(v) => return Ok(v),
                    Err(Miss::Abrupt(a)) => return Err(a),
                    Err(Miss::Guard) => {}
                }
            }
        }
        // Out of line: the other bodies take the operands' address, which inlined here would
        // store them to memory before the first body's test, on the fast path too. One or
        // two operands go in registers (an array of them would be passed in memory).
        #[inline(never)]
        fn the_others<N: Specialize<A>, const A: usize>(
            node: &N,
            interp: &mut Interp<'_>,
            operands: [Value; A],
        ) -> Result<Value, Unwind> {
            specialization::interpret(node, interp, operands)
        }
        #[inline(never)]
        fn the_others_of_two<N: Specialize<A>, const A: usize>(
            node: &N,
            interp: &mut Interp<'_>,
            a: Value,
            b: Value,
        ) -> Result<Value, Unwind> {
            specialization::interpret(node, interp, std::array::from_fn(|i| if i == 0 { a } else { b }))
        }
        match A {
            1 | 2 => the_others_of_two(node, self, operands[0], operands[A - 1]),
            _ => the_others(node, self, operands),
        }
    }

    #[inline]
    fn if_then_else(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<(), Unwind>,
    ) -> Result<(), Unwind> {
        if profile.profile(cond) {
            then_branch(self)
        } else {
            else_branch(self)
        }
    }

    #[inline]
    fn choose(
        &mut self,
        cond: bool,
        profile: &ConditionProfile,
        mut then_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
        mut else_branch: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        if profile.profile(cond) {
            then_branch(self)
        } else {
            else_branch(self)
        }
    }

    fn repeat(
        &mut self,
        loop_node: &dyn Node,
        osr: &OsrPoint,
        mut cond: impl FnMut(&mut Self) -> Result<bool, Unwind>,
        mut body: impl FnMut(&mut Self) -> Result<(), Unwind>,
    ) -> Result<(), Unwind> {
        interpret_loop(self, |i| i, loop_node, osr, &mut cond, &mut body)
    }

    #[inline]
    fn break_loop(&mut self) -> Result<(), Unwind> {
        Err(self.unwind(Control::Break))
    }

    #[inline]
    fn continue_loop(&mut self) -> Result<(), Unwind> {
        Err(self.unwind(Control::Continue))
    }

    #[inline]
    fn return_value(&mut self, v: Value) -> Result<(), Unwind> {
        Err(self.unwind(Control::Return(v)))
    }

    fn catch_transfer(
        &mut self,
        target: Value,
        mut body: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        match body(self) {
            Err(u) => match self.control {
                Control::Error => self.ctx.take_pending_transfer(target).ok_or(u),
                _ => Err(u),
            },
            ok => ok,
        }
    }

    #[inline]
    fn catch_return(
        &mut self,
        mut body: impl FnMut(&mut Self) -> Result<Value, Unwind>,
    ) -> Result<Value, Unwind> {
        match body(self) {
            Err(u) => match self.control {
                Control::Return(v) => Ok(v),
                Control::Break | Control::Continue | Control::Error => Err(u),
            },
            ok => ok,
        }
    }

    #[inline]
    fn read_local(&mut self, slot: FrameSlot) -> Value {
        match self.frame().slots.get(slot.0 as usize) {
            Some(v) => *v,
            None => Value::Null,
        }
    }

    #[inline]
    fn write_local(&mut self, slot: FrameSlot, v: Value) {
        self.target().frame_descriptor().observe_write(slot, &v);
        self.frame().set(slot.0 as usize, v);
    }

    #[inline(always)]
    fn write_local_profiled(&mut self, slot: FrameSlot, v: Value, profile: &crate::frame::SlotKindProfile) {
        profile.observe_write(self.target().frame_descriptor(), slot, v);
        self.frame().set(slot.0 as usize, v);
    }

    #[inline]
    fn argument(&mut self, index: usize) -> Value {
        match self.args.get(index) {
            Some(v) => *v,
            None => Value::Null,
        }
    }

    #[inline]
    fn call_function(&mut self, function: FunctionRef, args: &[Value]) -> Result<Value, Unwind> {
        // The result is read word by word: the callee wrote it that way.
        match function.call(self.ctx, args) {
            Ok(v) => Ok(v),
            Err(e) => Err(self.throw(e)),
        }
    }

    #[inline]
    fn shape_of(&mut self, object: Value) -> i64 {
        match object {
            Value::Object(o) => o.shape().bits(),
            _ => 0,
        }
    }

    #[inline]
    fn load_slot(&mut self, object: Value, location: Location) -> Value {
        match object {
            Value::Object(o) => o.read(location),
            _ => Value::Null,
        }
    }

    #[inline]
    fn store_slot(&mut self, object: Value, location: Location, v: Value) {
        if let Value::Object(o) = object {
            o.write(location, v);
        }
    }

    #[inline]
    fn set_shape(&mut self, object: Value, shape: ShapeRef) {
        if let Value::Object(o) = object {
            o.set_shape(shape);
        }
    }

    #[inline]
    fn new_object(&mut self, shape: ShapeRef) -> Value {
        Value::Object(DynamicObject::new(shape))
    }

    #[inline]
    fn element_count(&mut self, object: Value) -> i64 {
        match object {
            Value::Object(o) => o.element_count() as i64,
            _ => 0,
        }
    }

    #[inline]
    fn load_element(&mut self, object: Value, index: i64) -> Value {
        match object {
            Value::Object(o) => o.element(index as usize).unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    #[inline]
    fn store_element(&mut self, object: Value, index: i64, v: Value) {
        if let Value::Object(o) = object {
            o.store_element_in_capacity(index as usize, v);
        }
    }

    #[inline]
    fn element_capacity(&mut self, object: Value) -> i64 {
        match object {
            Value::Object(o) => o.element_capacity() as i64,
            _ => 0,
        }
    }

    #[inline]
    fn extension_capacity(&mut self, object: Value) -> i64 {
        match object {
            Value::Object(o) => o.extension_capacity() as i64,
            _ => 0,
        }
    }

    #[inline]
    fn set_element_count(&mut self, object: Value, count: i64) {
        if let Value::Object(o) = object {
            o.set_element_count(count.max(0) as usize);
        }
    }

    #[inline]
    fn call_function_value(&mut self, function: Value, args: &[Value]) -> Result<Value, Unwind> {
        match function {
            Value::Function(f) => f.call(self.ctx, args).map_err(|e| self.throw(e)),
            other => {
                Err(self.throw(GuestError::new(format!("internal error: call_function_value on {other:?}"))))
            }
        }
    }

    #[inline]
    fn boundary<N, F>(&mut self, node: &N, f: F, args: &[Value]) -> Result<Value, Unwind>
    where
        N: ?Sized,
        F: Fn(&N, &mut Interp<'_>, &[Value]) -> Result<Value, GuestError> + 'static,
    {
        f(node, self, args).map_err(|e| self.throw(e))
    }
}
