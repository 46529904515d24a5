//! Guest values and constants: the SSA values behind the handles node code holds, the
//! constants known while emitting (folded into conditions and tag tests), and the value
//! operations of the domain.

use super::{Evaluator, I64};
use bonsai::exec::{FloatCmp, FloatOp, IntCmp, IntOp, IrValue, SBool, SFloat, SInt, SValue};
use bonsai::value::{Tag, Value};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, types, InstBuilder, MemFlagsData};
use std::collections::HashMap;

/// The values table of a unit.
pub(super) struct Values {
    /// The SSA value behind each [`IrValue`] handle, by index.
    pub(super) handles: Vec<ir::Value>,
    /// SSA values whose value is known while emitting.
    pub(super) constants: HashMap<ir::Value, i64>,
    /// Payloads made by `box_bool`, with the condition they box: unboxing one is that
    /// condition again (a comparison feeding a branch keeps its flag).
    pub(super) boxed_bools: HashMap<ir::Value, IrValue>,
    /// The payload of each double boxed in this unit, with the `f64` it holds: unboxing it
    /// again is that value.
    pub(super) boxed_doubles: HashMap<ir::Value, IrValue>,
    /// Conditions made by `not`, with the condition they negate: a branch on one branches on
    /// the original with its targets swapped (an overflow check is then one jump).
    pub(super) negations: HashMap<ir::Value, ir::Value>,
    /// What conditions test, so code where one holds knows it (see [`Facts`]): a tag test
    /// (the tag's SSA value and the tag), a shape test (the object's payload and the shape's
    /// bits), a conjunction.
    pub(super) tag_tests: HashMap<ir::Value, (ir::Value, i64)>,
    pub(super) shape_tests: HashMap<ir::Value, (ir::Value, i64)>,
    pub(super) conjunctions: HashMap<ir::Value, (ir::Value, ir::Value)>,
    /// Shapes loaded by `shape_of`, with the object's payload they were loaded from.
    pub(super) shape_loads: HashMap<ir::Value, ir::Value>,
    /// The constants defined at the top of the entry block, by type and value.
    pub(super) shared: HashMap<(ir::Type, i64), ir::Value>,
}

/// What the code being emitted knows at the current point from the conditions that hold on
/// every path to it (kept with the frame's [`Spills`](super::frame::Spills): cloned into
/// branches, intersected at joins, forgotten at other merges): the tags of SSA values, and
/// the shapes of objects (by payload; forgotten at every call, boundary and shape change).
/// A second property access on the same receiver then tests nothing again.
#[derive(Clone, Default, PartialEq)]
pub(super) struct Facts {
    pub(super) tags: Vec<(ir::Value, i64)>,
    pub(super) shapes: Vec<(ir::Value, i64)>,
}

impl Facts {
    pub(super) fn intersect(&mut self, other: &Facts) {
        self.tags.retain(|f| other.tags.contains(f));
        self.shapes.retain(|f| other.shapes.contains(f));
    }
}

/// This module's operations of [`CompileDomain`](bonsai::exec::CompileDomain) (documented
/// there; `Evaluator`'s trait impl forwards to them) and their helpers.
impl Evaluator<'_> {
    pub(super) fn v(&mut self, value: ir::Value) -> IrValue {
        self.values.handles.push(value);
        IrValue(self.values.handles.len() as u32 - 1)
    }

    pub(super) fn get(&self, value: IrValue) -> ir::Value {
        self.values.handles[value.0 as usize]
    }

    /// The constant `value` (`I64`): one instruction per distinct constant, at the top of the
    /// entry block (so it dominates every use; code generation places it near its uses).
    pub(super) fn iconst(&mut self, value: i64) -> ir::Value {
        self.open();
        self.shared_constant(I64, value)
    }

    fn shared_constant(&mut self, ty: ir::Type, value: i64) -> ir::Value {
        if let Some(&v) = self.values.shared.get(&(ty, value)) {
            return v;
        }
        let entry = self.b.func.layout.entry_block().expect("the unit has an entry block");
        let mut cursor =
            cranelift_codegen::cursor::FuncCursor::new(self.b.func).at_first_insertion_point(entry);
        use cranelift_codegen::cursor::Cursor;
        let v = cursor.ins().iconst(ty, value);
        self.values.constants.insert(v, value);
        self.values.shared.insert((ty, value), v);
        v
    }

    pub(super) fn known(&self, value: ir::Value) -> Option<i64> {
        self.values.constants.get(&self.b.func.dfg.resolve_aliases(value)).copied()
    }

    pub(super) fn constant(&mut self, v: Value) -> SValue {
        let t = self.iconst(v.tag().bits() as i64);
        let p = self.iconst(v.payload_bits() as i64);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    pub(super) fn int_constant(&mut self, v: i64) -> SInt {
        let c = self.iconst(v);
        SInt(self.v(c))
    }

    pub(super) fn bool_constant(&mut self, v: bool) -> SBool {
        self.open();
        let c = self.shared_constant(types::I8, i64::from(v));
        SBool(self.v(c))
    }

    pub(super) fn box_int(&mut self, v: SInt) -> SValue {
        let t = self.iconst(Tag::Int.bits() as i64);
        SValue { tag: self.v(t), payload: v.0 }
    }

    pub(super) fn box_bool(&mut self, v: SBool) -> SValue {
        let t = self.iconst(Tag::Bool.bits() as i64);
        let b = self.get(v.0);
        let p = self.b.ins().uextend(I64, b);
        self.values.boxed_bools.insert(p, v.0);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    pub(super) fn has_tag(&mut self, v: SValue, tag: Tag) -> SBool {
        let t = self.get(v.tag);
        let known =
            self.known(t).or_else(|| self.frame.spills.facts.tags.iter().find(|f| f.0 == t).map(|f| f.1));
        if let Some(k) = known {
            return self.bool_constant(k == tag.bits() as i64);
        }
        self.open();
        let c = self.b.ins().icmp_imm_s(IntCC::Equal, t, tag.bits() as i64);
        self.values.tag_tests.insert(c, (t, tag.bits() as i64));
        SBool(self.v(c))
    }

    /// The tag `t`, as the constant a condition on this path established it to be (see
    /// `Facts`) when there is one. What is stored or passed on after a guard then uses the
    /// constant, and the tested value is not kept alive for it: kept for the frame stores and
    /// deoptimization exits after a call, an argument's tag took a callee-saved register in
    /// every activation of a recursive function.
    pub(super) fn tag_handle(&mut self, t: ir::Value) -> ir::Value {
        if self.known(t).is_some() {
            return t;
        }
        match self.frame.spills.facts.tags.iter().find(|f| f.0 == t) {
            Some(&(_, bits)) => self.iconst(bits),
            None => t,
        }
    }

    /// Records what holds where `cond` is true (a branch's `then` side, after a guard, in a
    /// loop's body).
    pub(super) fn learn(&mut self, cond: ir::Value) {
        if let Some(&(tag, bits)) = self.values.tag_tests.get(&cond) {
            self.frame.spills.facts.tags.push((tag, bits));
        }
        if let Some(&(object, shape)) = self.values.shape_tests.get(&cond) {
            self.frame.spills.facts.shapes.push((object, shape));
        }
        if let Some(&(a, b)) = self.values.conjunctions.get(&cond) {
            self.learn(a);
            self.learn(b);
        }
    }

    /// Forgets the shapes known (a call, a boundary or a shape change may have changed any).
    pub(super) fn forget_shapes(&mut self) {
        self.frame.spills.facts.shapes.clear();
    }

    pub(super) fn unbox_int(&mut self, v: SValue) -> SInt {
        SInt(v.payload)
    }

    pub(super) fn unbox_bool(&mut self, v: SValue) -> SBool {
        self.open();
        let p = self.get(v.payload);
        if let Some(&b) = self.values.boxed_bools.get(&p) {
            return SBool(b);
        }
        if let Some(k) = self.known(p) {
            return self.bool_constant(k & 0xff != 0);
        }
        let low = self.b.ins().band_imm_u(p, 0xff);
        let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, low, 0);
        SBool(self.v(c))
    }

    pub(super) fn same(&mut self, a: SValue, b: SValue) -> SBool {
        self.open();
        match (self.virtual_object(a.payload), self.virtual_object(b.payload)) {
            // A virtual object is itself and nothing else.
            (Some((x, _)), Some((y, _))) => return self.bool_constant(x == y),
            (Some(_), None) | (None, Some(_)) => return self.bool_constant(false),
            (None, None) => {}
        }
        let (at, bt) = (self.get(a.tag), self.get(b.tag));
        let (ap, bp) = (self.resolve(a.payload), self.resolve(b.payload));
        if let (Some(x), Some(y), Some(p), Some(q)) =
            (self.known(at), self.known(bt), self.known(ap), self.known(bp))
        {
            // Two constants (a cached function against the one a global names).
            let mask: i64 = if x == Tag::Null.bits() as i64 {
                0
            } else if x == Tag::Bool.bits() as i64 {
                0xff
            } else {
                -1
            };
            return self.bool_constant(x == y && (p & mask) == (q & mask));
        }
        let tags = self.b.ins().icmp(IntCC::Equal, at, bt);
        // With one side's tag known (an inline-cache check against a constant), so is the
        // mask: equal tags mean the other side has the same one.
        let known = self.known(bt).or_else(|| self.known(at));
        if known.is_some_and(|t| t != Tag::Null.bits() as i64 && t != Tag::Bool.bits() as i64) {
            let payloads = self.b.ins().icmp(IntCC::Equal, ap, bp);
            let c = self.b.ins().band(tags, payloads);
            return SBool(self.v(c));
        }
        let mask = self.mask_for_tag(at);
        let am = self.b.ins().band(ap, mask);
        let bm = self.b.ins().band(bp, mask);
        let payloads = self.b.ins().icmp(IntCC::Equal, am, bm);
        let c = self.b.ins().band(tags, payloads);
        SBool(self.v(c))
    }

    pub(super) fn int_op_checked(&mut self, op: IntOp, a: SInt, b: SInt) -> (SInt, SBool) {
        self.open();
        let (x, y) = (self.get(a.0), self.get(b.0));
        if let Some((r, of)) = self.add_constant_checked(op, x, y) {
            return (SInt(self.v(r)), SBool(self.v(of)));
        }
        let (r, of) = match op {
            IntOp::Add => self.b.ins().sadd_overflow(x, y),
            IntOp::Sub => self.b.ins().ssub_overflow(x, y),
            IntOp::Mul => self.b.ins().smul_overflow(x, y),
            IntOp::Div => {
                // sdiv traps on a zero divisor and on MIN / -1: divide by 1 instead and
                // report the case as an overflow.
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let both = self.b.ins().band(min, minus_one);
                let bad = self.b.ins().bor(zero, both);
                let one = self.b.ins().iconst(I64, 1);
                let divisor = self.b.ins().select(bad, one, y);
                (self.b.ins().sdiv(x, divisor), bad)
            }
            IntOp::Mod => {
                // srem traps on a zero divisor (reported as the overflow) and on MIN % -1
                // (any x mod -1 is 0): divide by 1 then. The truncated remainder is then
                // moved to the divisor's sign: r + y when r is non-zero and their signs differ.
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let by_one = self.b.ins().bor(zero, minus_one);
                let one = self.b.ins().iconst(I64, 1);
                let divisor = self.b.ins().select(by_one, one, y);
                let r = self.b.ins().srem(x, divisor);
                let signs = self.b.ins().bxor(r, divisor);
                let differ = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, signs, 0);
                let nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                let adjust = self.b.ins().band(differ, nonzero);
                let moved = self.b.ins().iadd(r, divisor);
                (self.b.ins().select(adjust, moved, r), zero)
            }
            IntOp::BitAnd | IntOp::BitXor => {
                let r = match op {
                    IntOp::BitAnd => self.b.ins().band(x, y),
                    _ => self.b.ins().bxor(x, y),
                };
                let never = self.shared_constant(types::I8, 0);
                (r, never)
            }
        };
        (SInt(self.v(r)), SBool(self.v(of)))
    }

    /// `x + c`, `c + x` or `x - c` for a constant `c`, with its overflow as a compare of `x`
    /// against a constant (Hacker's Delight, §2-13: `x + c` overflows iff `x > MAX - c` for
    /// `c > 0`, iff `x < MIN - c` for `c < 0`), which a branch on it fuses with (`cmp` and a
    /// conditional jump), instead of the flag `sadd_overflow` materializes (`add`, `seto`,
    /// `test`, a jump). `None`: not that shape.
    fn add_constant_checked(
        &mut self,
        op: IntOp,
        x: ir::Value,
        y: ir::Value,
    ) -> Option<(ir::Value, ir::Value)> {
        let (x, c) = match (op, self.known(x), self.known(y)) {
            (IntOp::Add, None, Some(c)) => (x, c),
            (IntOp::Add, Some(c), None) => (y, c),
            // x - c = x + (-c); c = MIN has no negation: x - MIN overflows iff x >= 0.
            (IntOp::Sub, None, Some(c)) if c != i64::MIN => (x, -c),
            _ => return None,
        };
        let r = self.b.ins().iadd_imm_s(x, c);
        let of = match c.cmp(&0) {
            std::cmp::Ordering::Greater => self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, x, i64::MAX - c),
            std::cmp::Ordering::Less => self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, i64::MIN - c),
            std::cmp::Ordering::Equal => self.b.ins().iconst(types::I8, 0),
        };
        Some((r, of))
    }

    pub(super) fn int_compare(&mut self, cmp: IntCmp, a: SInt, b: SInt) -> SBool {
        self.open();
        let cc = match cmp {
            IntCmp::Eq => IntCC::Equal,
            IntCmp::Ne => IntCC::NotEqual,
            IntCmp::Lt => IntCC::SignedLessThan,
            IntCmp::Le => IntCC::SignedLessThanOrEqual,
            IntCmp::Gt => IntCC::SignedGreaterThan,
            IntCmp::Ge => IntCC::SignedGreaterThanOrEqual,
            IntCmp::ULt => IntCC::UnsignedLessThan,
        };
        let (x, y) = (self.get(a.0), self.get(b.0));
        if let (Some(p), Some(q)) = (self.known(x), self.known(y)) {
            let holds = match cmp {
                IntCmp::Eq => p == q,
                IntCmp::Ne => p != q,
                IntCmp::Lt => p < q,
                IntCmp::Le => p <= q,
                IntCmp::Gt => p > q,
                IntCmp::Ge => p >= q,
                IntCmp::ULt => (p as u64) < (q as u64),
            };
            return self.bool_constant(holds);
        }
        let c = self.b.ins().icmp(cc, x, y);
        if cmp == IntCmp::Eq {
            // A shape test (`shape_of(o) == constant`), remembered for `learn`.
            let shape = match (self.values.shape_loads.get(&x), self.known(y)) {
                (Some(&o), Some(k)) => Some((o, k)),
                _ => match (self.values.shape_loads.get(&y), self.known(x)) {
                    (Some(&o), Some(k)) => Some((o, k)),
                    _ => None,
                },
            };
            if let Some(test) = shape {
                self.values.shape_tests.insert(c, test);
            }
        }
        SBool(self.v(c))
    }

    pub(super) fn float_constant(&mut self, v: f64) -> SFloat {
        self.open();
        let c = self.b.ins().f64const(v);
        SFloat(self.v(c))
    }

    /// The bits of `v` as the payload, under the `Double` tag.
    pub(super) fn box_double(&mut self, v: SFloat) -> SValue {
        let t = self.iconst(Tag::Double.bits() as i64);
        let f = self.get(v.0);
        let p = self.b.ins().bitcast(I64, MemFlagsData::new(), f);
        self.values.boxed_doubles.insert(p, v.0);
        SValue { tag: self.v(t), payload: self.v(p) }
    }

    /// The payload's bits as an `f64` (a move between register files; none when the value
    /// was boxed in this unit).
    pub(super) fn unbox_double(&mut self, v: SValue) -> SFloat {
        self.open();
        let p = self.get(v.payload);
        if let Some(&f) = self.values.boxed_doubles.get(&p) {
            return SFloat(f);
        }
        let f = self.b.ins().bitcast(types::F64, MemFlagsData::new(), p);
        SFloat(self.v(f))
    }

    pub(super) fn float_op(&mut self, op: FloatOp, a: SFloat, b: SFloat) -> SFloat {
        self.open();
        let (x, y) = (self.get(a.0), self.get(b.0));
        let r = match op {
            FloatOp::Add => self.b.ins().fadd(x, y),
            FloatOp::Sub => self.b.ins().fsub(x, y),
            FloatOp::Mul => self.b.ins().fmul(x, y),
            FloatOp::Div => self.b.ins().fdiv(x, y),
        };
        SFloat(self.v(r))
    }

    pub(super) fn float_compare(&mut self, cmp: FloatCmp, a: SFloat, b: SFloat) -> SBool {
        self.open();
        let (x, y) = (self.get(a.0), self.get(b.0));
        let cc = match cmp {
            FloatCmp::Eq => FloatCC::Equal,
            FloatCmp::Ne => FloatCC::NotEqual,
            FloatCmp::Lt => FloatCC::LessThan,
            FloatCmp::Le => FloatCC::LessThanOrEqual,
            FloatCmp::Gt => FloatCC::GreaterThan,
            FloatCmp::Ge => FloatCC::GreaterThanOrEqual,
        };
        let c = self.b.ins().fcmp(cc, x, y);
        SBool(self.v(c))
    }

    pub(super) fn int_to_float(&mut self, i: SInt) -> SFloat {
        self.open();
        let x = self.get(i.0);
        let f = self.b.ins().fcvt_from_sint(types::F64, x);
        SFloat(self.v(f))
    }

    pub(super) fn not(&mut self, b: SBool) -> SBool {
        let x = self.get(b.0);
        if let Some(k) = self.known(x) {
            return self.bool_constant(k == 0);
        }
        self.open();
        let c = self.b.ins().bxor_imm_u(x, 1);
        self.values.negations.insert(c, x);
        SBool(self.v(c))
    }

    pub(super) fn and(&mut self, a: SBool, b: SBool) -> SBool {
        let (x, y) = (self.get(a.0), self.get(b.0));
        match (self.known(x), self.known(y)) {
            (Some(0), _) | (_, Some(0)) => return self.bool_constant(false),
            (Some(_), _) => return b,
            (_, Some(_)) => return a,
            _ => {}
        }
        self.open();
        let c = self.b.ins().band(x, y);
        self.values.conjunctions.insert(c, (x, y));
        SBool(self.v(c))
    }

    pub(super) fn or(&mut self, a: SBool, b: SBool) -> SBool {
        let (x, y) = (self.get(a.0), self.get(b.0));
        match (self.known(x), self.known(y)) {
            (Some(1), _) | (_, Some(1)) => return self.bool_constant(true),
            (Some(_), _) => return b,
            (_, Some(_)) => return a,
            _ => {}
        }
        self.open();
        let c = self.b.ins().bor(x, y);
        SBool(self.v(c))
    }

    fn mask_for_tag(&mut self, tag: ir::Value) -> ir::Value {
        // Only the low byte of a Bool payload and no bit of a Null payload are meaningful.
        let all = self.b.ins().iconst(I64, -1);
        let byte = self.b.ins().iconst(I64, 0xff);
        let zero = self.b.ins().iconst(I64, 0);
        let is_bool = self.b.ins().icmp_imm_s(IntCC::Equal, tag, Tag::Bool.bits() as i64);
        let is_null = self.b.ins().icmp_imm_s(IntCC::Equal, tag, Tag::Null.bits() as i64);
        let m = self.b.ins().select(is_bool, byte, all);
        self.b.ins().select(is_null, zero, m)
    }
}
