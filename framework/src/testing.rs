//! What every language's test suite shares: the execution modes every corpus runs in, with
//! byte-identical output across them, and a buffer to capture what a guest wrote.
//!
//! ```
//! use bonsai::testing::Mode;
//! assert!(!Mode::Interpreter.options().compilation);
//! assert_eq!(Mode::Eager.options().compile_threshold_calls, 1);
//! ```

use crate::engine::{Engine, EngineOptions};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// The execution modes every corpus runs in; outputs must be byte-identical across them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Interpreter only.
    Interpreter,
    /// Compile on the first call and the first loop back edge, IR verifier on.
    Eager,
    /// Eager compilation, and each call target's code invalidated on its 3rd entry into
    /// compiled code, then after 6 more entries, 12 more, … (`stress_invalidate_every: 3`).
    Stress,
    /// Functions interpreted, loops compiled by on-stack replacement after one back edge:
    /// eager compilation alone never enters a loop from the interpreter.
    Osr,
    /// Eager compilation, and every guard of compiled code failing on its 3rd evaluation,
    /// then its 6th, 12th, … (`stress_deopt_every: 3`): the code deoptimizes there and the
    /// interpreter resumes the activation.
    DeoptStress,
}

impl Mode {
    /// Every mode, in the order the corpora run them.
    pub const ALL: [Mode; 5] = [Mode::Interpreter, Mode::Eager, Mode::Stress, Mode::Osr, Mode::DeoptStress];

    /// The engine options of this mode.
    pub fn options(self) -> EngineOptions {
        let eager = EngineOptions {
            compilation: true,
            compile_threshold_calls: 1,
            osr_threshold_back_edges: 1,
            verify_ir: true,
            ..EngineOptions::default()
        };
        match self {
            Mode::Interpreter => EngineOptions { compilation: false, ..EngineOptions::default() },
            Mode::Eager => eager,
            Mode::Stress => EngineOptions { stress_invalidate_every: 3, ..eager },
            Mode::Osr => EngineOptions { compile_threshold_calls: u32::MAX, ..eager },
            Mode::DeoptStress => EngineOptions { stress_deopt_every: 3, ..eager },
        }
    }
}

/// Panics, naming `run`, if `engine` refused a compilation for a reason other than a budget
/// (unsupported input or an internal error): every language's compiled test modes call it
/// after a run, so no program passes a compiled mode by silently staying interpreted.
pub fn assert_no_unexpected_refusals(run: &str, engine: &Engine) {
    let refusals = engine.unexpected_refusals();
    if !refusals.is_empty() {
        let list: Vec<String> = refusals.iter().map(|r| format!("  {r}")).collect();
        panic!("{run}: compilation refused, not for a budget:\n{}", list.join("\n"));
    }
}

/// A `Write` into a shared buffer, so output written by the guest (or an engine's trace log)
/// can be read afterwards.
#[derive(Clone, Default)]
pub struct SharedBuffer(Rc<RefCell<Vec<u8>>>);

impl SharedBuffer {
    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }

    /// The contents as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A small deterministic pseudo-random generator for fixed-seed tests (xorshift64*, from
/// Vigna, "An experimental exploration of Marsaglia's xorshift generators, scrambled", 2016):
/// the same sequence on every run and platform, so a random test that fails fails again. Not
/// for anything but tests.
///
/// ```
/// use bonsai::testing::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!(a.below(10) < 10);
/// ```
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (xorshift's state must not be 0: a zero seed is
    /// replaced by a fixed constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`; slightly biased toward small numbers for huge `n`, which
    /// tests do not mind).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
