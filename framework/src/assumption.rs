//! Assumptions: facts compiled code relies on without checking them.

use crate::call::CallTarget;
use std::cell::{Cell, RefCell};
use std::fmt;

/// A fact that holds until it is invalidated, once and for all.
///
/// Compiled code that relies on an assumption registers the call target it was compiled for
/// ([`Assumption::register`]) instead of checking the fact at run time; invalidating the
/// assumption invalidates that code (the partial evaluator drops the check entirely).
/// Example: a function's `target_stable` assumption lets compiled callers embed its call
/// target as a constant; redefining the function invalidates them.
pub struct Assumption {
    name: &'static str,
    valid: Cell<bool>,
    dependents: RefCell<Vec<&'static CallTarget>>,
}

impl Assumption {
    /// A valid assumption; `name` says what it stands for, in traces.
    pub fn new(name: &'static str) -> Assumption {
        Assumption { name, valid: Cell::new(true), dependents: RefCell::new(Vec::new()) }
    }

    /// What the assumption stands for.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Whether the assumption still holds (it only goes from valid to invalid).
    pub fn is_valid(&self) -> bool {
        self.valid.get()
    }

    /// Records that `target`'s compiled code relies on this assumption.
    pub fn register(&self, target: &'static CallTarget) {
        let mut deps = self.dependents.borrow_mut();
        if !deps.iter().any(|t| std::ptr::eq(*t, target)) {
            deps.push(target);
        }
    }

    /// Invalidates the assumption and the code of every call target that relied on it.
    pub fn invalidate(&self) {
        self.valid.set(false);
        let dependents = std::mem::take(&mut *self.dependents.borrow_mut());
        for target in dependents {
            target.invalidate(self.name);
        }
    }
}

impl fmt::Debug for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name, if self.is_valid() { "valid" } else { "invalid" })
    }
}
