use super::*;

use bonsai::testing::Rng;

fn pow2(n: u32) -> BigInt {
    BigInt::from(1) << n
}

// ---- format (§10.1) ----

#[test]
fn format_examples_of_the_table() {
    let cases: &[(f64, &str)] = &[
        // n ≤ e ≤ 16
        (1.0, "1.0"),
        (123.0, "123.0"),
        (1000000000000000.0, "1000000000000000.0"),
        (9007199254740992.0, "9007199254740992.0"),
        // 0 < e < n
        (1.1, "1.1"),
        (100000.19879879123, "100000.19879879123"),
        (2.6666666666666665, "2.6666666666666665"),
        // −5 < e ≤ 0
        (0.5, "0.5"),
        (0.001234, "0.001234"),
        (0.00001, "0.00001"),
        // otherwise, n = 1
        (1e16, "1e16"),
        (1e-6, "1e-6"),
        (1e30, "1e30"),
        // otherwise
        (1.152921504606847e18, "1.152921504606847e18"),
        (6.223015277861142e-61, "6.223015277861142e-61"),
    ];
    for &(x, text) in cases {
        assert_eq!(format(x), text, "{x:?}");
        assert_eq!(format(-x), format!("-{text}"), "{:?}", -x);
    }
}

#[test]
fn format_special_values() {
    assert_eq!(format(0.0), "0.0");
    assert_eq!(format(-0.0), "-0.0");
    assert_eq!(format(f64::NAN), "NaN");
    assert_eq!(format(-f64::NAN), "NaN");
    assert_eq!(format(f64::INFINITY), "inf");
    assert_eq!(format(f64::NEG_INFINITY), "-inf");
}

#[test]
fn format_case_boundaries() {
    // e = 16 is plain, e = 17 is exponent form.
    assert_eq!(format(1e15), "1000000000000000.0"); // e = 16, n = 1
    assert_eq!(format(1234567890123456.0), "1234567890123456.0"); // e = 16, n = 16
    assert_eq!(format(1234567890123456.7), "1234567890123456.8"); // e = 16, n = 17
    assert_eq!(format(12345678901234568.0), "1.2345678901234568e16"); // e = 17, n = 17
    assert_eq!(format(1.2e16), "1.2e16"); // e = 17, n = 2
    assert_eq!(format(9007199254740994.0), "9007199254740994.0");
    assert_eq!(format(18014398509481984.0), "1.8014398509481984e16");
    // e = −4 is plain, e = −5 is exponent form.
    assert_eq!(format(0.000012), "0.000012"); // e = −4
    assert_eq!(format(0.00009999), "0.00009999");
    assert_eq!(format(0.0000012), "1.2e-6"); // e = −5
    assert_eq!(format(0.000009999), "9.999e-6");
    // e = 0 and e = 1.
    assert_eq!(format(0.1), "0.1");
    assert_eq!(format(0.99), "0.99");
    assert_eq!(format(9.5), "9.5");
    // Extremes.
    assert_eq!(format(f64::MAX), "1.7976931348623157e308");
    assert_eq!(format(f64::MIN_POSITIVE), "2.2250738585072014e-308");
    assert_eq!(format(5e-324), "5e-324");
    // Spec §9 examples computed in floating point.
    assert_eq!(format(5.0 % 1.2), "0.20000000000000018");
    assert_eq!(format(3f64.sqrt()), "1.7320508075688772");
    assert_eq!(format(10.0 / 4.0), "2.5");
    assert_eq!(format(4.0 / 2.0), "2.0");
}

/// Which row of the §10.1 table a finite nonzero output belongs to, from the text alone.
fn check_layout(x: f64, text: &str) {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    assert_eq!(text.starts_with('-'), x.is_sign_negative(), "{text}");
    if let Some((mantissa, exponent)) = unsigned.split_once('e') {
        let exponent: i32 = exponent.parse().unwrap();
        assert!(!(-5..=15).contains(&exponent), "{text}: plain form expected");
        assert!(!exponent.to_string().starts_with('+'));
        let first = mantissa.as_bytes()[0];
        assert!((b'1'..=b'9').contains(&first), "{text}");
        if mantissa.len() > 1 {
            assert_eq!(mantissa.as_bytes()[1], b'.', "{text}");
            assert!(!mantissa.ends_with('0'), "{text}");
        }
    } else {
        let (whole, fraction) = unsigned.split_once('.').expect("plain form has a dot");
        assert!(!fraction.is_empty() && !whole.is_empty(), "{text}");
        assert!(whole == "0" || !whole.starts_with('0'), "{text}");
        assert!(fraction == "0" || !fraction.ends_with('0'), "{text}");
        assert!(whole.len() <= 16, "{text}");
        if whole == "0" {
            let zeros = fraction.len() - fraction.trim_start_matches('0').len();
            assert!(zeros <= 4, "{text}");
        }
    }
}

fn check_round_trip(x: f64) {
    let text = format(x);
    if x.is_nan() {
        assert_eq!(text, "NaN");
        return;
    }
    let back: f64 = text.parse().unwrap_or_else(|_| panic!("{text} does not parse"));
    assert_eq!(back.to_bits(), x.to_bits(), "{x:?} printed as {text}");
    if x.is_finite() && x != 0.0 {
        check_layout(x, &text);
        // The digits are exactly Rust's shortest round-trip digits, moved but not changed.
        let shortest = format!("{:e}", x.abs());
        let expected = shortest.split('e').next().unwrap().replace('.', "");
        let printed = text.trim_start_matches('-').split('e').next().unwrap().replace('.', "");
        // Leading zeros of `0.000…` and trailing zeros of `…000.0` are layout, not digits.
        let printed = printed.trim_start_matches('0').trim_end_matches('0');
        assert_eq!(printed, expected, "{x:?} printed as {text}");
    }
}

#[test]
fn format_round_trips_random_bit_patterns() {
    let mut rng = Rng::new(0x5eed_0000_d0b1_e000);
    for _ in 0..200_000 {
        check_round_trip(f64::from_bits(rng.next_u64()));
    }
}

#[test]
fn format_round_trips_values_near_every_case() {
    // Random mantissas scaled to decimal exponents around the plain range, where random bit
    // patterns rarely land, and small integers.
    let mut rng = Rng::new(42);
    for k in -30..=30 {
        for _ in 0..2_000 {
            let mantissa = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            check_round_trip(mantissa * 10f64.powi(k));
            check_round_trip(-mantissa * 10f64.powi(k));
        }
    }
    for _ in 0..20_000 {
        let digits = rng.next_u64() % 18;
        let value = rng.next_u64() % 10u64.pow(digits as u32).max(1);
        check_round_trip(value as f64);
    }
    for x in [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        check_round_trip(x);
    }
}

// ---- fmod (§10) ----

#[test]
fn fmod_has_the_sign_of_the_dividend() {
    assert_eq!(fmod(-3.0, 2.0), -1.0);
    assert_eq!(fmod(3.0, -2.0), 1.0);
    assert_eq!(fmod(3.0, 2.0), 1.0);
    assert_eq!(fmod(-3.0, -2.0), -1.0);
    assert_eq!(format(fmod(5.0, 1.2)), "0.20000000000000018");
    assert_eq!(fmod(5.5, 1.0), 0.5);
    let negative_zero = fmod(-4.0, 2.0);
    assert_eq!(negative_zero, 0.0);
    assert!(negative_zero.is_sign_negative());
}

#[test]
fn fmod_follows_ieee_for_zero_and_infinite_operands() {
    assert!(fmod(1.0, 0.0).is_nan());
    assert!(fmod(-1.0, -0.0).is_nan());
    assert!(fmod(0.0, 0.0).is_nan());
    assert!(fmod(f64::INFINITY, 2.0).is_nan());
    assert!(fmod(f64::NAN, 2.0).is_nan());
    assert!(fmod(2.0, f64::NAN).is_nan());
    assert_eq!(fmod(2.5, f64::INFINITY), 2.5);
    assert_eq!(fmod(-2.5, f64::NEG_INFINITY), -2.5);
}

// ---- round and truncate (§10) ----

#[test]
fn round_halves_away_from_zero() {
    let cases: &[(f64, i64)] = &[
        (1.5, 2),
        (-1.5, -2),
        (2.5, 3),
        (-2.5, -3),
        (0.5, 1),
        (-0.5, -1),
        (1.4, 1),
        (-1.4, -1),
        (0.49999999999999994, 0),
        (-0.0, 0),
        (4503599627370495.5, 4503599627370496),
        (9007199254740993.0, 9007199254740992),
    ];
    for &(x, n) in cases {
        assert_eq!(round(x), Some(Rounded::Small(n)), "{x:?}");
    }
}

#[test]
fn truncate_goes_toward_zero() {
    let cases: &[(f64, i64)] = &[
        (2.7, 2),
        (-2.7, -2),
        (0.999, 0),
        (-0.999, 0),
        (10.0 / 1.3, 7),
        (-10.0 / 1.3, -7),
        (1e18, 1_000_000_000_000_000_000),
    ];
    for &(x, n) in cases {
        assert_eq!(truncate(x), Some(Rounded::Small(n)), "{x:?}");
    }
}

#[test]
fn large_values_are_exact_and_normalised() {
    let two_63 = 9_223_372_036_854_775_808.0;
    for f in [round, truncate] {
        assert_eq!(f(two_63), Some(Rounded::Big(pow2(63))));
        assert_eq!(f(-two_63), Some(Rounded::Small(i64::MIN)));
        assert_eq!(f(-two_63 * 2.0), Some(Rounded::Big(-pow2(64))));
        // The largest double below 2^63 fits.
        assert_eq!(f(9_223_372_036_854_774_784.0), Some(Rounded::Small(9_223_372_036_854_774_784)));
        assert_eq!(f(1e20), Some(Rounded::Big("100000000000000000000".parse().unwrap())));
        assert_eq!(f(2f64.powi(200)), Some(Rounded::Big(pow2(200))));
        let max = f(f64::MAX).unwrap();
        assert_eq!(max, Rounded::Big(pow2(1024) - pow2(971)));
    }
}

#[test]
fn non_finite_values_have_no_integer() {
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(round(x), None);
        assert_eq!(truncate(x), None);
    }
}

// ---- from_string (§10) ----

#[test]
fn from_string_accepts_decimals() {
    let cases: &[(&str, f64)] = &[
        ("1", 1.0),
        ("1.5", 1.5),
        ("-1.5", -1.5),
        ("+1.5", 1.5),
        ("0.0", 0.0),
        ("007.250", 7.25),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("3.14159265358979323846264338327950288", std::f64::consts::PI),
    ];
    for &(text, x) in cases {
        assert_eq!(from_string(text), Some(x), "{text}");
    }
    let negative_zero = from_string("-0").unwrap();
    assert!(negative_zero == 0.0 && negative_zero.is_sign_negative());
    // Correctly rounded, overflowing to infinity.
    assert_eq!(from_string(&"9".repeat(400)), Some(f64::INFINITY));
    assert_eq!(from_string(&format!("-{}", "9".repeat(400))), Some(f64::NEG_INFINITY));
}

#[test]
fn from_string_rejects_other_forms() {
    for text in [
        "", "-", "+", ".", "123.b", "abc", "1.", ".5", "-.5", "1.2.3", "1e10", "1.5e3", " 1.5", "1.5 ",
        "--1", "+-1", "inf", "-inf", "NaN", "infinity", "1_000", "0x10", "1,5", "١",
    ] {
        assert_eq!(from_string(text), None, "{text:?}");
    }
}

// ---- big_to_f64 (§9, §10) ----

#[test]
fn big_to_f64_is_nearest() {
    assert_eq!(big_to_f64(&pow2(64)), Some(18446744073709551616.0));
    assert_eq!(big_to_f64(&-pow2(64)), Some(-18446744073709551616.0));
    assert_eq!(big_to_f64(&BigInt::from(0)), Some(0.0));
    assert_eq!(big_to_f64(&pow2(1023)), Some(2f64.powi(1023)));
    // 2^53 + 1 is a tie: to even, 2^53. 2^53 + 3 ties up to 2^53 + 4.
    assert_eq!(big_to_f64(&(pow2(53) + 1u32)), Some(9007199254740992.0));
    assert_eq!(big_to_f64(&(pow2(53) + 3u32)), Some(9007199254740996.0));
    // Just above a tie in a many-digit number rounds up (the sticky bits count).
    let above_tie = pow2(200) + pow2(147) + 1u32;
    assert_eq!(big_to_f64(&above_tie), Some(2f64.powi(200) + 2f64.powi(148)));
    assert_eq!(big_to_f64(&(pow2(200) + pow2(147))), Some(2f64.powi(200)));
}

#[test]
fn big_to_f64_refuses_what_rounds_to_infinity() {
    let max = pow2(1024) - pow2(971);
    let threshold = pow2(1024) - pow2(970);
    assert_eq!(big_to_f64(&max), Some(f64::MAX));
    assert_eq!(big_to_f64(&(&threshold - 1u32)), Some(f64::MAX));
    assert_eq!(big_to_f64(&-(&threshold - 1u32)), Some(f64::MIN));
    assert_eq!(big_to_f64(&threshold), None);
    assert_eq!(big_to_f64(&-&threshold), None);
    assert_eq!(big_to_f64(&pow2(1024)), None);
    assert_eq!(big_to_f64(&-pow2(1024)), None);
    assert_eq!(big_to_f64(&pow2(5000)), None);
}
