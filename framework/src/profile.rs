//! Profiles: what the interpreter observed, read by the partial evaluator as constants.

use std::cell::Cell;

/// Counts how often a condition was true and false.
///
/// Lets the partial evaluator lay out a branch that the interpreter never took as a cold
/// block, out of the hot path.
#[derive(Debug, Default)]
pub struct ConditionProfile {
    true_count: Cell<u32>,
    false_count: Cell<u32>,
}

impl ConditionProfile {
    /// A profile that has seen nothing.
    pub fn new() -> ConditionProfile {
        ConditionProfile::default()
    }

    /// Records `value` (saturating counts) and returns it.
    #[inline]
    pub fn profile(&self, value: bool) -> bool {
        let c = if value { &self.true_count } else { &self.false_count };
        c.set(c.get().saturating_add(1));
        value
    }

    /// How often the condition was true.
    pub fn true_count(&self) -> u32 {
        self.true_count.get()
    }

    /// How often the condition was false.
    pub fn false_count(&self) -> u32 {
        self.false_count.get()
    }

    /// `true_count/false_count` for dumps.
    pub fn describe(&self) -> String {
        format!("{}/{}", self.true_count(), self.false_count())
    }
}

/// Whether a branch (e.g. a `break` or an exception path) was ever taken.
///
/// Lets the partial evaluator mark an untaken branch cold.
#[derive(Debug, Default)]
pub struct BranchProfile {
    taken: Cell<bool>,
}

impl BranchProfile {
    /// Records that the branch was taken.
    pub fn enter(&self) {
        self.taken.set(true);
    }

    /// Whether the branch was ever taken: if not, compiled code lays it out cold.
    pub fn was_taken(&self) -> bool {
        self.taken.get()
    }
}
