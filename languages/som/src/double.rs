//! Pure arithmetic and text rules behind the Double primitives (spec §10, §10.1, §9).
//!
//! No interpreter and no framework types: each function takes and answers plain Rust values,
//! and the primitive that calls it turns `None` into the guest error named in its doc.
//!
//! ```
//! use som::double::{fmod, format, from_string, round, Rounded};
//!
//! assert_eq!(format(1.0), "1.0");
//! assert_eq!(format(1e16), "1e16");
//! assert_eq!(format(-0.001234), "-0.001234");
//! assert_eq!(fmod(-3.0, 2.0), -1.0);
//! assert_eq!(round(-1.5), Some(Rounded::Small(-2)));
//! assert_eq!(from_string("-2.5"), Some(-2.5));
//! assert_eq!(from_string("123.b"), None);
//! ```

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

/// `asString` / `println` of a Double (spec §10.1).
///
/// The digits `d1…dn` are the shortest decimal string that reads back as the same double
/// (Rust's own shortest round-trip formatting, `{:e}`), and `e` is the decimal exponent with
/// |x| = 0.d1…dn × 10^e. Then, for |x|:
///
/// | condition | output |
/// | --- | --- |
/// | `n ≤ e ≤ 16` | digits, `e−n` zeros, `.0` (`123.0`) |
/// | `0 < e < n` | `d1…de.d(e+1)…dn` (`1.1`) |
/// | `−5 < e ≤ 0` | `0.`, `−e` zeros, digits (`0.001234`) |
/// | otherwise, `n = 1` | `d1e(e−1)` (`1e16`, `1e-6`) |
/// | otherwise | `d1.d2…dne(e−1)` (`6.223015277861142e-61`) |
///
/// A negative number (including `-0.0`) gets a leading `-`. Zero prints `0.0`, NaN `NaN`,
/// infinities `inf` / `-inf`. The second row needs no `e ≤ 16` test of its own: `e < n ≤ 17`.
pub fn format(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    // `{:e}` of a finite nonzero double is `d1[.d2…dn]e<exp>` with d1 ≠ 0, no trailing zeros,
    // and |x| = d1.d2…dn × 10^exp.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific.split_once('e').expect("`{:e}` of a finite double has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exp10: i32 = exponent.parse().expect("`{:e}` writes the exponent as a decimal integer");
    let n = digits.len() as i32;
    let e = exp10 + 1;
    let body = if n <= e && e <= 16 {
        format!("{digits}{}.0", "0".repeat((e - n) as usize))
    } else if 0 < e && e < n {
        let (whole, fraction) = digits.split_at(e as usize);
        format!("{whole}.{fraction}")
    } else if -5 < e && e <= 0 {
        format!("0.{}{digits}", "0".repeat((-e) as usize))
    } else if n == 1 {
        format!("{digits}e{}", e - 1)
    } else {
        format!("{}.{}e{}", &digits[..1], &digits[1..], e - 1)
    };
    format!("{sign}{body}")
}

/// Double `%` (spec §10): C `fmod`, the remainder of the quotient truncated toward zero, so the
/// result has the sign of the dividend `a` (`-3.0 % 2.0` = -1.0, `3.0 % -2.0` = 1.0). IEEE 754
/// for the rest, never an error: a zero divisor or an infinite dividend gives NaN, an infinite
/// divisor gives `a`, NaN operands give NaN.
///
/// Rust's `%` on `f64` is exactly C `fmod`.
pub fn fmod(a: f64, b: f64) -> f64 {
    a % b
}

/// An Integer made from a Double by [`round`] or [`truncate`]: `Small` whenever the value fits
/// in an `i64`, `Big` only outside that range (the normal form of spec §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rounded {
    /// The value fits in 64 bits.
    Small(i64),
    /// The value is below `i64::MIN` or above `i64::MAX`; exact.
    Big(BigInt),
}

/// Double `round` (spec §10): the nearest Integer, halves away from zero (`1.5` → 2, `-1.5` →
/// -2, `0.49999999999999994` → 0), exact for large values (`1e20 round` is the big Integer
/// 100000000000000000000).
///
/// `None` for NaN and ±infinity. **The spec is silent** on `round` of a non-finite Double; the
/// primitive must pick a behaviour (no guest text is specified for it).
pub fn round(x: f64) -> Option<Rounded> {
    integral_to_rounded(x.round())
}

/// Double `asInteger` (spec §10): truncate toward zero (`2.7` → 2, `-2.7` → -2), exact for large
/// values (a big Integer beyond the 64-bit range).
///
/// `None` for NaN and ±infinity. **The spec is silent** on `asInteger` of a non-finite Double;
/// the primitive must pick a behaviour (no guest text is specified for it).
pub fn truncate(x: f64) -> Option<Rounded> {
    integral_to_rounded(x.trunc())
}

/// An integral double as an exact Integer in normal form; `None` if it is not finite.
fn integral_to_rounded(t: f64) -> Option<Rounded> {
    if !t.is_finite() {
        return None;
    }
    // 2^63 is exactly representable; every integral double in [-2^63, 2^63) fits an i64.
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_POW_63..TWO_POW_63).contains(&t) {
        Some(Rounded::Small(t as i64))
    } else {
        // An integral finite double converts exactly.
        BigInt::from_f64(t).map(Rounded::Big)
    }
}

/// Class-side `Double fromString:` (spec §10): an optional sign (`-` or `+`), one or more
/// decimal digits, then optionally `.` and one or more decimal digits — nothing else (no
/// surrounding spaces, no exponent, no `inf`/`NaN`, no `.5` or `1.`). Answers the nearest
/// double (correctly rounded, so a long enough digit string gives ±infinity).
///
/// `None` otherwise; the primitive then reports `'TEXT' cannot be converted to a Double`.
pub fn from_string(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    // What is left is a form `str::parse` accepts and rounds correctly.
    s.parse().ok()
}

/// A big Integer as a Double for mixed arithmetic and `asDouble` (spec §9, §10): the nearest
/// double, ties to even.
///
/// `None` when that rounding gives infinity, i.e. when |b| ≥ 2^1024 − 2^970 (halfway between
/// `f64::MAX` = 2^1024 − 2^971 and 2^1024); the primitive then reports `Can't represent as
/// double`. Every smaller magnitude has a finite nearest double (`f64::MAX` itself from
/// 2^1024 − 2^970 − 1 down).
pub fn big_to_f64(b: &BigInt) -> Option<f64> {
    // num-bigint rounds to nearest (round-to-odd to 64 bits, then the hardware rounding),
    // and answers infinity past the range.
    b.to_f64().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests;
