//! The value model shared by every guest language.
//!
//! A guest value is a [`Value`]: a 16-byte `Copy` enum laid out as `#[repr(C, u64)]`, so the
//! interpreter and compiled code agree on one representation: a tag word at byte offset
//! [`Value::TAG_OFFSET`] and a payload word at [`Value::PAYLOAD_OFFSET`]. Compiled code keeps
//! the two words in SSA variables; heap references in the payload are plain pointers into the
//! non-moving heap ([`crate::heap`]), found by conservative stack scanning, so compiled code
//! needs no stack maps.
//!
//! Integers are exact: [`Value::Int`] holds 64-bit values and every operation whose exact
//! result does not fit produces a [`Value::BigInt`] (see [`number`]). Big results that fit in
//! 64 bits are always narrowed back to `Int`, so `Int` is the canonical form of every integer
//! in range.

use crate::function::FunctionRef;
use crate::heap::{Gc, HeapBigInt, HeapStr, Trace, Tracer};
use crate::object::DynamicObject;
use std::fmt;

/// The kind of a [`Value`]: the discriminant stored in its tag word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Tag {
    /// [`Value::Null`].
    Null = 0,
    /// [`Value::Bool`].
    Bool = 1,
    /// [`Value::Int`].
    Int = 2,
    /// [`Value::BigInt`].
    BigInt = 3,
    /// [`Value::String`].
    String = 4,
    /// [`Value::Function`].
    Function = 5,
    /// [`Value::Object`].
    Object = 6,
    /// [`Value::Double`].
    Double = 7,
}

impl Tag {
    /// The tag word as stored in memory and compared by compiled type guards.
    pub const fn bits(self) -> u64 {
        self as u64
    }
}

/// A boolean as a whole payload word, the payload of [`Value::Bool`]: 0 or 1 in all 64 bits.
///
/// A `bool` payload would leave seven bytes of the value undefined, and a value with undefined
/// bytes cannot travel as two machine words: a node returning a boolean would write its byte
/// to memory and the caller read the word back, a store the processor cannot forward to the
/// wider load (a stall of a dozen cycles on every comparison the interpreter makes). With
/// every payload one whole word, a `Value` moves in two registers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u64)]
pub enum BoolWord {
    /// False: 0.
    False = 0,
    /// True: 1.
    True = 1,
}

impl BoolWord {
    /// The boolean.
    #[inline]
    pub fn get(self) -> bool {
        self == BoolWord::True
    }
}

impl From<bool> for BoolWord {
    #[inline]
    fn from(b: bool) -> BoolWord {
        if b {
            BoolWord::True
        } else {
            BoolWord::False
        }
    }
}

impl From<BoolWord> for bool {
    #[inline]
    fn from(b: BoolWord) -> bool {
        b.get()
    }
}

impl fmt::Display for BoolWord {
    /// `true` or `false`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// A double (IEEE 754 binary64) as a whole payload word, the payload of [`Value::Double`]: its
/// bits, so that a value stays two integer words (an `f64` payload would make the Rust ABI pass
/// and return values through memory).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct DoubleWord(u64);

impl DoubleWord {
    /// The double.
    #[inline]
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }

    /// The IEEE bits.
    #[inline]
    pub fn bits(self) -> u64 {
        self.0
    }
}

impl From<f64> for DoubleWord {
    #[inline]
    fn from(d: f64) -> DoubleWord {
        DoubleWord(d.to_bits())
    }
}

impl fmt::Debug for DoubleWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.get())
    }
}

/// A guest value of any Bonsai language.
///
/// Layout (pinned by compile-time assertions): 16 bytes, tag word at offset 0 (a [`Tag`]),
/// payload word at offset 8 (`Bool`: 0 or 1 in the whole word, see [`BoolWord`]; `Int`: the
/// i64; references: the object address). Every payload is one whole word, so a value has no
/// undefined bytes and travels in two registers.
#[derive(Clone, Copy)]
#[repr(C, u64)]
pub enum Value {
    /// The single null value (SL's `NULL`, SOM's `nil` object is a language-level object).
    Null = 0,
    /// A boolean; make one with [`Value::from_bool`], read one with [`Value::as_bool`].
    Bool(BoolWord) = 1,
    /// A 64-bit integer; the canonical form of every integer in `i64` range.
    Int(i64) = 2,
    /// An integer outside `i64` range.
    BigInt(Gc<HeapBigInt>) = 3,
    /// An immutable string.
    String(Gc<HeapStr>) = 4,
    /// A function object (a redefinable name for a call target).
    Function(FunctionRef) = 5,
    /// A dynamic object with shape-described properties ([`crate::object`]).
    Object(Gc<DynamicObject>) = 6,
    /// A double (SOM's `Double`); make one with [`Value::from_f64`], read one with
    /// [`Value::as_f64`]. Compiled code keeps it unboxed as an `f64` where its tag is known.
    Double(DoubleWord) = 7,
}

// SAFETY: every heap reference a value can hold (big integers, strings, objects) is visited;
// function objects live for the process and are not heap objects.
unsafe impl Trace for Value {
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self {
            Value::BigInt(g) => tracer.visit(*g),
            Value::String(g) => tracer.visit(*g),
            Value::Object(g) => tracer.visit(*g),
            Value::Null | Value::Bool(_) | Value::Int(_) | Value::Function(_) | Value::Double(_) => {}
        }
    }
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::align_of::<Value>() == 8);

impl Value {
    /// Byte offset of the tag word.
    pub const TAG_OFFSET: i32 = 0;
    /// Byte offset of the payload word.
    pub const PAYLOAD_OFFSET: i32 = 8;
    /// Size of a value in memory, in bytes.
    pub const SIZE_BYTES: u32 = 16;

    /// `true`.
    pub const TRUE: Value = Value::Bool(BoolWord::True);
    /// `false`.
    pub const FALSE: Value = Value::Bool(BoolWord::False);

    /// The boolean `b`.
    #[inline]
    pub fn from_bool(b: bool) -> Value {
        Value::Bool(BoolWord::from(b))
    }

    /// The double `d`.
    #[inline]
    pub fn from_f64(d: f64) -> Value {
        Value::Double(DoubleWord::from(d))
    }

    /// The double this value is, `None` for other values.
    #[inline]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Double(d) => Some(d.get()),
            _ => None,
        }
    }

    /// The boolean this value is, `None` for other values.
    #[inline]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b.get()),
            _ => None,
        }
    }

    /// The value's kind.
    pub fn tag(&self) -> Tag {
        match self {
            Value::Null => Tag::Null,
            Value::Bool(_) => Tag::Bool,
            Value::Int(_) => Tag::Int,
            Value::BigInt(_) => Tag::BigInt,
            Value::String(_) => Tag::String,
            Value::Function(_) => Tag::Function,
            Value::Object(_) => Tag::Object,
            Value::Double(_) => Tag::Double,
        }
    }

    /// A string value allocated in the heap.
    pub fn string(s: &str) -> Value {
        Value::String(crate::heap::alloc_str(s))
    }

    /// An integer value: `Int` when `v` fits in 64 bits, else a heap `BigInt`.
    pub fn integer(v: num_bigint::BigInt) -> Value {
        use num_traits::ToPrimitive;
        match v.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(crate::heap::alloc_bigint(&v)),
        }
    }

    /// Like [`Value::integer`], but a big result is immortal: for constants held by nodes.
    pub fn integer_constant(v: num_bigint::BigInt) -> Value {
        use num_traits::ToPrimitive;
        match v.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(crate::heap::alloc_bigint_immortal(&v)),
        }
    }

    /// An immortal string: for constants held by nodes.
    pub fn string_constant(s: &str) -> Value {
        Value::String(crate::heap::alloc_str_immortal(s))
    }

    /// The payload word as compiled code sees it (`Null`: 0, `Bool`: 0 or 1, `Int`: the
    /// two's-complement bits, references: the address).
    pub fn payload_bits(&self) -> u64 {
        match self {
            Value::Null => 0,
            Value::Bool(b) => *b as u64,
            Value::Int(i) => *i as u64,
            Value::BigInt(g) => g.to_bits(),
            Value::String(g) => g.to_bits(),
            Value::Function(f) => *f as *const crate::function::Function as u64,
            Value::Object(g) => g.to_bits(),
            Value::Double(d) => d.bits(),
        }
    }

    /// True for `Int` and `BigInt`.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::BigInt(_))
    }

    /// Identity: same tag and same payload bits (same object for references). Integers and
    /// booleans compare by value.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::BigInt(a), Value::BigInt(b)) => Gc::ptr_eq(*a, *b),
            (Value::String(a), Value::String(b)) => Gc::ptr_eq(*a, *b),
            (Value::Function(a), Value::Function(b)) => std::ptr::eq(*a, *b),
            (Value::Object(a), Value::Object(b)) => Gc::ptr_eq(*a, *b),
            // Doubles by their bits: NaN is itself, 0.0 and -0.0 are two values.
            (Value::Double(a), Value::Double(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(b) => write!(f, "{}", b.to_bigint()),
            Value::String(s) => write!(f, "{:?}", &***s),
            Value::Function(func) => write!(f, "function {}", func.name()),
            Value::Object(o) => write!(f, "object {:?}", o.shape()),
            Value::Double(d) => write!(f, "{d:?}"),
        }
    }
}

/// Exact integer arithmetic over `Int`/`BigInt` values, shared by every language whose
/// integers overflow into big integers (SL, SOM). Each function takes numbers (`Int` or
/// `BigInt`) and returns `None` when an operand is not a number. These are the out-of-line
/// (boundary) halves of arithmetic nodes; the 64-bit fast paths are inlined by the nodes.
pub mod number {
    use super::Value;
    use num_bigint::BigInt;
    use num_integer::Integer;
    use std::cmp::Ordering;

    /// The exact value of a number operand; `None` for non-numbers.
    pub fn to_bigint(v: &Value) -> Option<BigInt> {
        match v {
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::BigInt(b) => Some(b.to_bigint()),
            _ => None,
        }
    }

    /// `a + b`, exact.
    pub fn add(a: &Value, b: &Value) -> Option<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            if let Some(r) = x.checked_add(*y) {
                return Some(Value::Int(r));
            }
        }
        Some(Value::integer(to_bigint(a)? + to_bigint(b)?))
    }

    /// `a - b`, exact.
    pub fn sub(a: &Value, b: &Value) -> Option<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            if let Some(r) = x.checked_sub(*y) {
                return Some(Value::Int(r));
            }
        }
        Some(Value::integer(to_bigint(a)? - to_bigint(b)?))
    }

    /// `a * b`, exact.
    pub fn mul(a: &Value, b: &Value) -> Option<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            if let Some(r) = x.checked_mul(*y) {
                return Some(Value::Int(r));
            }
        }
        Some(Value::integer(to_bigint(a)? * to_bigint(b)?))
    }

    /// `a / b` truncated toward zero (`i64::MIN / -1` is the big integer 2^63).
    /// `Some(Err(()))` on division by zero.
    pub fn div_trunc(a: &Value, b: &Value) -> Option<Result<Value, ()>> {
        let (x, y) = (to_bigint(a)?, to_bigint(b)?);
        if y == BigInt::from(0) {
            return Some(Err(()));
        }
        Some(Ok(Value::integer(x / y)))
    }

    /// `a` modulo `b` with the sign of the divisor (Smalltalk's `\\`). `Some(Err(()))` on zero.
    pub fn modulo_floor(a: &Value, b: &Value) -> Option<Result<Value, ()>> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            // `checked_rem_euclid` fails only for a zero divisor and `i64::MIN % -1` (0).
            return Some(match (*x).checked_rem_euclid(*y) {
                Some(r) if r != 0 && *y < 0 => Ok(Value::Int(r + y)),
                Some(r) => Ok(Value::Int(r)),
                None if *y == 0 => Err(()),
                None => Ok(Value::Int(0)),
            });
        }
        let (x, y) = (to_bigint(a)?, to_bigint(b)?);
        if y == BigInt::from(0) {
            return Some(Err(()));
        }
        Some(Ok(Value::integer(x.mod_floor(&y))))
    }

    /// Numeric comparison of two numbers of any size.
    pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Some(x.cmp(y));
        }
        Some(to_bigint(a)?.cmp(&to_bigint(b)?))
    }

    /// Decimal rendering of a number, `-` for negatives.
    ///
    /// Big integers are converted by `dashu-int`, whose divide-and-conquer radix conversion is
    /// subquadratic (num-bigint's is quadratic: the 2,000,000 digits of 3^(2^22) took 7.2 s,
    /// against 0.6 s).
    pub fn to_decimal(v: &Value) -> Option<String> {
        match v {
            Value::Int(i) => Some(i.to_string()),
            Value::BigInt(b) => {
                let magnitude = dashu_int::UBig::from_words(b.limbs()).to_string();
                Some(if b.is_negative() { format!("-{magnitude}") } else { magnitude })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_whole_words() {
        assert_eq!(Value::TRUE.payload_bits(), 1);
        assert_eq!(Value::FALSE.payload_bits(), 0);
        assert_eq!(Value::from_f64(-0.5).payload_bits(), (-0.5f64).to_bits());
        assert_eq!(Value::from_bool(true).as_bool(), Some(true));
        assert_eq!(Value::Int(1).as_bool(), None);
        assert_eq!(Value::from_f64(2.5).as_f64(), Some(2.5));
        assert_eq!(Value::from_f64(2.5).tag(), Tag::Double);
    }

    #[test]
    fn doubles_are_the_same_by_their_bits() {
        let nan = Value::from_f64(f64::NAN);
        assert!(nan.same(&nan));
        assert!(!Value::from_f64(0.0).same(&Value::from_f64(-0.0)));
        assert!(Value::from_f64(1.5).same(&Value::from_f64(1.5)));
        assert!(!Value::from_f64(1.0).same(&Value::Int(1)));
    }

    #[test]
    fn modulo_floor_of_small_integers_is_the_big_integers_one() {
        use num_bigint::BigInt;
        use num_integer::Integer;
        let values = [0, 1, -1, 2, -2, 3, -3, 7, -7, 65535, -65536, i64::MAX, i64::MIN, i64::MIN + 1];
        for &x in &values {
            for &y in &values {
                let fast = number::modulo_floor(&Value::Int(x), &Value::Int(y));
                if y == 0 {
                    assert!(matches!(fast, Some(Err(()))), "{x} mod {y}");
                    continue;
                }
                let exact = Value::integer(BigInt::from(x).mod_floor(&BigInt::from(y)));
                assert!(
                    matches!(fast, Some(Ok(v)) if v.same(&exact)),
                    "{x} mod {y}: {fast:?}, not {exact:?}"
                );
            }
        }
    }
}
