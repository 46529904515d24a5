//! Function objects: a guest function value names a [`Function`], whose call target can be
//! replaced (redefinition). Functions live as long as the process, like call targets.

use crate::assumption::Assumption;
use crate::call::CallTarget;
use crate::context::ExecContext;
use crate::error::GuestError;
use crate::value::Value;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

/// A named function object whose code can be replaced (redefinition). Function values
/// compare by identity; a function without a call target is "undefined" and calling it
/// fails with the error its language chose.
pub struct Function {
    target: Cell<Option<&'static CallTarget>>,
    name: Box<str>,
    undefined: fn(&Function) -> GuestError,
    /// Valid while `target` is unchanged: compiled callers embed the target as a constant
    /// and are invalidated through this assumption when the function is redefined.
    target_stable: RefCell<Rc<Assumption>>,
}

/// A function value's payload: a reference to a process-lifetime [`Function`].
pub type FunctionRef = &'static Function;

impl Function {
    /// Byte offset of the call target pointer (`Option<&CallTarget>`, null when undefined).
    pub const TARGET_OFFSET: i32 = std::mem::offset_of!(Function, target) as i32;

    /// A new, undefined function named `name`; calling it before it is defined returns
    /// `undefined(self)`.
    pub fn new(name: &str, undefined: fn(&Function) -> GuestError) -> FunctionRef {
        Box::leak(Box::new(Function {
            target: Cell::new(None),
            name: name.into(),
            undefined,
            target_stable: RefCell::new(Rc::new(Assumption::new("function redefined"))),
        }))
    }

    /// The function's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The call target it calls now (`None` while undefined).
    pub fn target(&self) -> Option<&'static CallTarget> {
        self.target.get()
    }

    /// Installs (or replaces) the function's code. Existing references see the new code:
    /// compiled code that embedded the old target is invalidated through the function's
    /// `target_stable` assumption.
    pub fn set_target(&self, target: &'static CallTarget) {
        self.target.set(Some(target));
        let old = self.target_stable.replace(Rc::new(Assumption::new("function redefined")));
        old.invalidate();
    }

    /// The assumption that the function's call target does not change.
    pub fn target_stable(&self) -> Rc<Assumption> {
        self.target_stable.borrow().clone()
    }

    /// Calls the function's current target, or fails with its undefined-function error.
    #[inline]
    pub fn call(&self, ctx: &ExecContext, args: &[Value]) -> Result<Value, GuestError> {
        match self.target.get() {
            Some(t) => t.call(ctx, args),
            None => Err((self.undefined)(self)),
        }
    }

    /// The error for calling this function while it is undefined.
    pub fn undefined_error(&self) -> GuestError {
        (self.undefined)(self)
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Function({})", self.name)
    }
}
