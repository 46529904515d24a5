//! Assumptions: global facts compiled code relies on without checking them each time.

use std::cell::Cell;
use std::fmt;

/// A fact that holds until it is invalidated, once and for all.
///
/// Compiled code that relies on an assumption registers the call target it was compiled
/// for; invalidating the assumption invalidates that code.
pub struct Assumption {
    name: &'static str,
    valid: Cell<bool>,
}

impl Assumption {
    pub fn new(name: &'static str) -> Assumption {
        Assumption { name, valid: Cell::new(true) }
    }

    pub fn is_valid(&self) -> bool {
        self.valid.get()
    }

    pub fn invalidate(&self) {
        self.valid.set(false);
    }
}

impl fmt::Debug for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name, if self.is_valid() { "valid" } else { "invalid" })
    }
}
