//! SL programs that allocate far more than the heap holds: the collector runs during the
//! interpreter and during compiled code, and live values survive intact. This test binary is
//! its own process, so it can give the heap a small maximum.

use bonsai_tests::{run_sl, Mode};
use std::sync::Once;

const HEAP_BYTES: usize = 16 << 20;

fn small_heap() {
    static CONFIGURE: Once = Once::new();
    CONFIGURE.call_once(|| {
        bonsai::heap::configure(bonsai::heap::HeapOptions {
            max_heap_bytes: HEAP_BYTES,
            min_heap_bytes: HEAP_BYTES,
            gc_threads: 1,
        })
        .expect("heap configured before first use");
    });
}

/// About 200 MB of short-lived strings and big integers, with a few long-lived ones
/// (locals, arguments, and values in compiled frames) checked at the end.
const CHURN: &str = r#"
function piece(i) { return "item " + i + " of many "; }
function main() {
  keep = "kept:" + 12345;
  s = "";
  big = 1000000000000 * 1000000000000 * 1000000000000;
  i = 0;
  total = 0;
  while (i < 200000) {
    s = piece(i) + piece(i + 1) + piece(i + 2) + piece(i + 3);
    b = big + i;
    if (b - big == i) { total = total + 1; }
    i = i + 1;
  }
  println(keep);
  println(big);
  println(s);
  return total;
}
"#;

#[test]
fn collections_happen_and_live_values_survive_in_every_mode() {
    small_heap();
    let expected = "kept:12345\n1000000000000000000000000000000000000\n\
item 199999 of many item 200000 of many item 200001 of many item 200002 of many \n200000\n";
    for mode in Mode::ALL {
        let before = bonsai::heap::stats().collections;
        let r = run_sl("churn.sl", CHURN, "", mode);
        assert_eq!((r.stdout.as_str(), r.status), (expected, 0), "{mode:?}: {}", r.diagnostics);
        let after = bonsai::heap::stats().collections;
        assert!(after > before, "{mode:?}: no collection happened");
    }
}

/// Arguments beyond the inline capacity of argument lists and frames (20 here) stay roots
/// while the callee allocates enough to collect several times.
const MANY_ARGUMENTS: &str = r#"
function churn() { i = 0; s = ""; while (i < 20000) { s = "garbage " + i + " " + i; i = i + 1; } return s; }
function many(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t) {
  churn();
  return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t;
}
function main() {
  x = 0;
  result = "";
  while (x < 30) {
    result = many("a" + x, "b" + x, "c" + x, "d" + x, "e" + x, "f" + x, "g" + x, "h" + x, "i" + x, "j" + x,
                  "k" + x, "l" + x, "m" + x, "n" + x, "o" + x, "p" + x, "q" + x, "r" + x, "s" + x, "t" + x);
    x = x + 1;
  }
  return result;
}
"#;

#[test]
fn long_argument_lists_and_frames_are_roots() {
    small_heap();
    let expected = "a29b29c29d29e29f29g29h29i29j29k29l29m29n29o29p29q29r29s29t29\n";
    for mode in Mode::ALL {
        let r = run_sl("many.sl", MANY_ARGUMENTS, "", mode);
        assert_eq!((r.stdout.as_str(), r.status), (expected, 0), "{mode:?}: {}", r.diagnostics);
    }
}

/// Objects linked into cycles, almost all garbage at once: collected (tracing reclaims
/// cycles), while the objects kept alive through a local keep their properties and links.
const OBJECT_CYCLES: &str = r#"
function main() {
  i = 0; keep = new(); keep.v = 0 - 1;
  while (i < 300000) {
    a = new(); b = new(); a.other = b; b.other = a; a.v = i; b.v = i + 1;
    a.pad1 = "x" + i; a.pad2 = i; a.pad3 = i; a.pad4 = i; a.pad5 = a.pad1;
    if (i - i / 1000 * 1000 == 0) { keep = a; }
    i = i + 1;
  }
  println(keep.v); println(keep.other.v); println(keep.other.other.v); println(keep.pad5);
}
"#;

#[test]
fn object_cycles_are_collected_and_live_objects_survive() {
    small_heap();
    let expected = "299000\n299001\n299000\nx299000\n";
    for mode in Mode::ALL {
        let before = bonsai::heap::stats().collections;
        let r = run_sl("cycles.sl", OBJECT_CYCLES, "", mode);
        assert_eq!((r.stdout.as_str(), r.status), (expected, 0), "{mode:?}: {}", r.diagnostics);
        assert!(bonsai::heap::stats().collections > before, "{mode:?}: no collection happened");
    }
}
